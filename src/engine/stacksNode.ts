/*
 * What a deep-stack study needs in Node (the CLI, tests): tfjs's `cpu` backend with the fused CPU
 * kernel on this thread, and the data from disk as the training CLI loads it (nodeHost: MNIST
 * from `dataDir`, a user's stored dataset from its folder under `datasetsDir`).
 */
import * as tf from '../sim/tf';
import { MNIST_DATASET } from '../data/formats/datasetRef';
import type { QuanvSimulator } from '../sim/simulator';
import { registerNodeBackend } from './backendNode';
import { nodeHost } from './nodeHost';
import { simulatorFor } from './simulatorChoice';
import type { TrainingData } from './trainingData';

export async function prepareStacksInNode(
  dataset = MNIST_DATASET,
  dirs: { dataDir?: string; datasetsDir?: string } = {},
): Promise<{ simulator: QuanvSimulator; data: TrainingData }> {
  await registerNodeBackend('cpu', { skipSoftwareGpu: false });
  await tf.setBackend('cpu');
  tf.enableProdMode();
  const data = await nodeHost({ ...dirs, threads: 1 }).loadData(() => undefined, dataset);
  return { simulator: simulatorFor('cpu'), data };
}
