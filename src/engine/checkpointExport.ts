import type { ModelExport } from '../model/export/exportModel';
import type { QuanvSimulator } from '../sim/simulator';
import { checkCheckpoint } from './checkpoint';
import { validateConfigText } from './configEntry';
import type { TrainingData } from './trainingData';
import { TrainingRun } from './trainingRun';

/**
 * The PyTorch export of a checkpoint (a finished CLI run, a saved run file), on the data its
 * configuration tests on. It builds the checkpoint's run for the export, so no other run may be
 * alive in this tfjs instance (their variables share names); the worker exports its current run
 * instead (TrainingRun.exportModel).
 */
export async function exportCheckpoint(
  checkpoint: unknown,
  simulator: QuanvSimulator,
  data: TrainingData,
): Promise<ModelExport> {
  const checked = checkCheckpoint(checkpoint);
  if (!checked.ok) throw new Error(checked.message);
  const config = validateConfigText(checked.state.config);
  if (!config.ok) throw new Error(config.message);
  const run = new TrainingRun(config.config, simulator, data);
  try {
    run.restore(checked.state);
    return await run.exportModel();
  } finally {
    run.dispose();
  }
}
