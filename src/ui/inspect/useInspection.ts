import { useEffect, useRef } from 'react';
import { useController, useLab } from '../LabContext';

/** While training, feature maps refresh this often; often enough to watch, cheap for the worker. */
const TRAINING_REFRESH_MS = 1000;

/**
 * Keeps the inspection of `image` current: when the image changes, when a new run starts, every
 * second while training, and after each batch of steps while paused.
 */
export function useInspection(image: Float32Array | null): void {
  const controller = useController();
  const runState = useLab((s) => s.runState);
  const runId = useLab((s) => s.currentRunId);
  const revision = useLab((s) => s.revision);
  const imageRef = useRef(image);
  useEffect(() => {
    imageRef.current = image;
  });

  useEffect(() => {
    if (!image) return;
    const timer = setTimeout(() => controller.inspect(image), 40);
    return () => clearTimeout(timer);
  }, [controller, image, runId]);

  useEffect(() => {
    if (runState !== 'training') return;
    const timer = setInterval(() => {
      if (imageRef.current) controller.inspect(imageRef.current);
    }, TRAINING_REFRESH_MS);
    return () => clearInterval(timer);
  }, [controller, runState]);

  useEffect(() => {
    if (runState === 'training' || !imageRef.current) return;
    const timer = setTimeout(() => imageRef.current && controller.inspect(imageRef.current), 120);
    return () => clearTimeout(timer);
  }, [controller, runState, revision]);
}
