import * as tf from '../sim/tf';
import type { Adam } from './adam';
import type { LayerId } from './metrics';
import type { ResQuNN } from './network';
import { cotangentProbe, flowAnchor, flowNorm } from './accessibility/routeFlow';
import { routesOf, type RouteId } from './accessibility/routes';
import { trackedLayers, type StepReadout } from './stepReadout';
import { typedEvaluate, typedTrainingStep, type StepTimer } from './typed/typedStep';

export { trackedLayers, type StepReadout } from './stepReadout';

/** Softmax cross-entropy, averaged over the batch. */
export function crossEntropy(logits: tf.Tensor2D, oneHot: tf.Tensor2D): tf.Scalar {
  return tf.losses.softmaxCrossEntropy(oneHot, logits) as tf.Scalar;
}

/** Share of rows whose largest logit is the true class. */
export function accuracy(logits: tf.Tensor2D, oneHot: tf.Tensor2D): tf.Scalar {
  return tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(oneHot, 1)), 'float32'));
}

/**
 * One training step: loss and gradients by backpropagation, per-layer gradient norms and per-route
 * flow norms, then the optimiser's update. The update is applied only when every number is finite, so a diverging
 * step leaves the parameters as they were before it. On `cpu` and `wasm` with the fused CPU kernel
 * the same step runs on typed arrays (typed/typedStep.ts; `timer` hears its parts); elsewhere
 * tfjs differentiates it, as defined here.
 */
export async function trainingStep(
  model: ResQuNN,
  optimizer: Adam,
  images: tf.Tensor4D,
  oneHot: tf.Tensor2D,
  timer?: StepTimer,
): Promise<StepReadout> {
  const kernel = model.arrayKernel();
  if (kernel) return typedTrainingStep(model, kernel, optimizer, images, oneHot, timer);
  await model.prepareShots(images, { gradients: true });
  const shotKernel = model.shotArrayKernel();
  if (shotKernel) {
    const readout = typedTrainingStep(model, shotKernel, optimizer, images, oneHot, timer);
    const shotNoise: Partial<Record<LayerId, number>> = {};
    for (const id of quanvLayers(trackedLayers(model)))
      shotNoise[id] = shotKernel.noise(Number(id.slice(1)) - 1);
    return { ...readout, shotNoise };
  }
  const layers = trackedLayers(model);
  const routes = routesOf(model.config).map((r) => r.id);
  const variables = model.trainableVariables();
  const anchor = flowAnchor();
  const flows = new Map<RouteId, tf.Scalar>();
  const probe = cotangentProbe(anchor, (id, dy) => flows.set(id, tf.keep(flowNorm(dy))));
  let computed: { scalars: tf.Tensor; grads: tf.NamedTensorMap };
  try {
    computed = tf.tidy(() => {
      let logits: tf.Tensor2D | null = null;
      const { value, grads } = tf.variableGrads(() => {
        const pass = model.forward(images, probe);
        logits = tf.keep(pass.logits);
        return crossEntropy(pass.logits, oneHot);
      }, [...variables, anchor]);
      delete grads[anchor.name];
      const kept = logits as unknown as tf.Tensor2D;
      const norms = layers.map((id) => layerGradNorm(model, id, grads));
      // A route the backward pass never reached carried nothing.
      const flowNorms = routes.map((id) => flows.get(id) ?? tf.scalar(0));
      const noise = shotNoiseOf(model, layers);
      const scalars = tf.stack([value, accuracy(kept, oneHot), ...norms, ...flowNorms, ...noise]);
      kept.dispose();
      Object.values(grads).forEach((g) => tf.keep(g));
      return { scalars, grads };
    });
  } finally {
    // Also when the step throws (a lost GPU device): these live outside the tidy.
    tf.dispose([...flows.values(), anchor]);
  }
  const { scalars, grads } = computed;
  const values = await scalars.data();
  scalars.dispose();
  const finite = Array.from(values).every(Number.isFinite);
  if (finite) optimizer.applyTensors(grads);
  Object.values(grads).forEach((g) => g.dispose());
  const gradNorms: Partial<Record<LayerId, number>> = {};
  layers.forEach((id, i) => (gradNorms[id] = values[2 + i]));
  const flowNorms: Partial<Record<RouteId, number>> = {};
  routes.forEach((id, i) => (flowNorms[id] = values[2 + layers.length + i]));
  const shotNoise: Partial<Record<LayerId, number>> = {};
  const noiseAt = 2 + layers.length + routes.length;
  quanvLayers(layers).forEach((id, i) => (shotNoise[id] = values[noiseAt + i]));
  return {
    loss: values[0],
    batchAccuracy: values[1],
    gradNorms,
    flowNorms,
    ...(model.config.shots > 0 ? { shotNoise } : {}),
  };
}

const quanvLayers = (layers: readonly LayerId[]) => layers.filter((id) => id !== 'H');

/** With shots: the shot-noise floor of each tracked quanv layer's gradient; none without. */
function shotNoiseOf(model: ResQuNN, layers: readonly LayerId[]): tf.Scalar[] {
  if (model.config.shots === 0) return [];
  const noise = model.shotNoise();
  return quanvLayers(layers).map((id) => noise[Number(id.slice(1)) - 1] ?? tf.scalar(0));
}

/**
 * ‖∂loss/∂θ‖₂ of one layer. A variable that no path reaches has no entry in `grads`: its
 * gradient is exactly zero.
 */
function layerGradNorm(model: ResQuNN, id: LayerId, grads: tf.NamedTensorMap): tf.Scalar {
  const names =
    id === 'H'
      ? [model.headWeights.name, model.headBias.name]
      : [(model.quanv[Number(id.slice(1)) - 1].angles as tf.Variable).name];
  const squares = names.filter((n) => grads[n]).map((n) => tf.sum(tf.square(grads[n])));
  return squares.length === 0 ? tf.scalar(0) : (tf.sqrt(tf.addN(squares)) as tf.Scalar);
}

/**
 * Loss and accuracy over a whole set, in chunks that bound memory; one read-back at the end.
 * `between` is awaited between chunks: a worker answers its heartbeat there during a long
 * evaluation, which otherwise looks like a worker that stopped answering (engineClient.ts).
 */
export const EVALUATION_CHUNK = 100;

export async function evaluate(
  model: ResQuNN,
  images: tf.Tensor4D,
  oneHot: tf.Tensor2D,
  chunk = EVALUATION_CHUNK,
  between?: () => Promise<void>,
): Promise<{ loss: number; accuracy: number }> {
  const kernel = model.arrayKernel();
  if (kernel) return typedEvaluate(model, kernel, images, oneHot, chunk, between);
  const n = images.shape[0];
  const parts: tf.Tensor1D[] = [];
  try {
    for (let start = 0; start < n; start += chunk) {
      if (start > 0) await between?.();
      const size = Math.min(chunk, n - start);
      const x = images.slice([start, 0, 0, 0], [size, -1, -1, -1]);
      try {
        await model.prepareShots(x);
        parts.push(
          tf.tidy(() => {
            const y = oneHot.slice([start, 0], [size, -1]);
            const { logits } = model.forward(x);
            return tf.stack([
              tf.mul(crossEntropy(logits, y), size),
              tf.mul(accuracy(logits, y), size),
            ]) as tf.Tensor1D;
          }),
        );
      } finally {
        x.dispose();
      }
    }
  } catch (e) {
    tf.dispose(parts);
    throw e;
  }
  const totals = tf.addN(parts);
  tf.dispose(parts);
  const [lossSum, correct] = await totals.data();
  totals.dispose();
  return { loss: lossSum / n, accuracy: correct / n };
}
