/*
 * What a deep-stack study needs in Node (the CLI, tests): tfjs's `cpu` backend with the fused CPU
 * kernel on this thread, and MNIST from disk, as the worker has them in the page.
 */
import * as tf from '../sim/tf';
import { DEFAULT_DATA_DIR, loadMnistFromDisk } from '../data/loadFromDisk';
import type { QuanvSimulator } from '../sim/simulator';
import { registerNodeBackend } from './backendNode';
import { simulatorFor } from './simulatorChoice';
import { prepareTrainingData, type TrainingData } from './trainingData';

export async function prepareStacksInNode(
  dataDir = DEFAULT_DATA_DIR,
): Promise<{ simulator: QuanvSimulator; data: TrainingData }> {
  await registerNodeBackend('cpu', { skipSoftwareGpu: false });
  await tf.setBackend('cpu');
  tf.enableProdMode();
  const [train, test] = await Promise.all([
    loadMnistFromDisk(dataDir, 'train'),
    loadMnistFromDisk(dataDir, 'test'),
  ]);
  return { simulator: simulatorFor('cpu'), data: prepareTrainingData(train, test) };
}
