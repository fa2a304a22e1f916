import * as tf from '@tensorflow/tfjs-core';
import type { ResQuNN } from '../network';
import type { AdamState } from '../adam';
import { readParameters } from '../parameters';
import { MODEL_PY } from './modelPy';
import { modelJson, TEST_FILES } from './modelJson';

/*
 * The trained model out (issue 24): a folder that rebuilds the network in PyTorch without the lab
 * (model.json, the test set it reports on, the logits recorded here, model.py). The page
 * downloads these files, the CLI writes them (`npm run train -- --export-model DIR`).
 */

export interface ExportFile {
  readonly name: string;
  readonly data: string | Uint8Array;
}

export interface ModelExport {
  readonly files: readonly ExportFile[];
  /** Test accuracy of the recorded logits: what `python model.py` must print. */
  readonly accuracy: number;
  readonly logits: Float32Array;
}

/**
 * Exports `model` as it is now, after `step` steps, with its test set: images [N, side, side, 1]
 * in [0, 1] and their labels. The logits are the network's exact ones (without shot noise).
 */
export async function exportModel(
  model: ResQuNN,
  step: number,
  images: tf.Tensor4D,
  labels: Uint8Array,
  /** Adam's state after `step` updates: model.py's load_optimizer continues from it. */
  adam: AdamState,
  chunk = 100,
): Promise<ModelExport> {
  const count = images.shape[0];
  if (labels.length !== count) {
    throw new Error(`exportModel: ${count} test images but ${labels.length} labels`);
  }
  // The head's own class count (the dataset's), not a constant.
  const classes = model.headBias.shape[0];
  const logits = new Float32Array(count * classes);
  for (let start = 0; start < count; start += chunk) {
    const size = Math.min(chunk, count - start);
    const part = tf.tidy(() =>
      model.exactly(() => model.forward(images.slice([start, 0, 0, 0], [size, -1, -1, -1])).logits),
    );
    logits.set((await part.data()) as Float32Array, start * classes);
    part.dispose();
  }
  let correct = 0;
  for (let i = 0; i < count; i++) {
    const row = logits.subarray(i * classes, (i + 1) * classes);
    // The first largest, as torch.argmax and tf.argMax take it.
    let best = 0;
    for (let c = 1; c < classes; c++) if (row[c] > row[best]) best = c;
    if (best === labels[i]) correct += 1;
  }
  const accuracy = count === 0 ? 0 : correct / count;
  const pixels = (await images.data()) as Float32Array;
  const json = modelJson(
    model.config,
    step,
    await readParameters(model),
    { count, accuracy, classes },
    adam,
  );
  const bytes = (a: Float32Array) =>
    new Uint8Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength));
  return {
    accuracy,
    logits,
    files: [
      { name: 'model.json', data: `${JSON.stringify(json)}\n` },
      { name: 'model.py', data: MODEL_PY },
      { name: TEST_FILES.images, data: bytes(pixels) },
      { name: TEST_FILES.labels, data: labels.slice() },
      { name: TEST_FILES.logits, data: bytes(logits) },
    ],
  };
}
