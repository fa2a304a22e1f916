import { mulberry32 } from '../util/prng';
import type { ExperimentConfig } from './config/configSchema';
import { configPrograms, withStartAngles } from './layerProgram';

/**
 * Every quanv layer's angles before the first step, exactly as the network draws them
 * (network.ts, docs/model.md §1): uniform in [0, 2π) from mulberry32(run seed), layer after layer
 * in flat parameter order, rounded to float32. No tfjs, so scripts can print a circuit with its
 * starting angles without building a model. Empty for the classical model, which has no quanv
 * layer.
 */
export function initialAngles(config: ExperimentConfig): Float32Array[] {
  if (config.model === 'classical') return [];
  const random = mulberry32(config.seed);
  return configPrograms(config).map((program, i) =>
    withStartAngles(
      config.layers[i],
      Float32Array.from({ length: program.paramCount }, () => random() * 2 * Math.PI),
    ),
  );
}
