import type { CircuitProgram, Gate } from '../../sim/circuit/circuitProgram';
import { usesExtendedGates } from '../../sim/circuit/customCircuit';
import { deadParameters } from '../../sim/circuit/deadParameters';
import { IMAGE_SIDE, type ExperimentConfig } from '../config/config';
import { formatConfigText } from '../config/configText';
import { configPrograms } from '../layerProgram';
import type { NamedArray } from '../parameters';
import { ADAM_CONSTANTS, type AdamState } from '../adam';

/*
 * model.json of a model export: everything the PyTorch script (modelPy.ts) needs to rebuild the
 * network, in words a reader can follow without the lab. Values are float32 numbers written as
 * JSON numbers, which read back exactly.
 */

export const MODEL_FORMAT = 'resqunn-model';

/** The exported test set's files, beside model.json. */
export const TEST_FILES = {
  images: 'test-images.f32',
  labels: 'test-labels.u8',
  logits: 'test-logits.f32',
} as const;

export interface ModelJsonLayer {
  readonly layer: string;
  readonly kernel: number;
  readonly qubits: number;
  readonly family: string;
  readonly depth: number;
  readonly trainable: boolean;
  readonly paramShape: readonly number[];
  /** Flat indices of angles no ⟨Z⟩ depends on (docs/model.md §6): their gradient is 0. */
  readonly deadParams: readonly number[];
  readonly gates: readonly Gate[];
}

export interface ModelJson {
  readonly format: typeof MODEL_FORMAT;
  readonly version: 1;
  /** The configuration's text form (`n=2;k=2,2;e=1-2`), as the lab's links and CLI take it. */
  readonly config: string;
  /** Steps the parameters were trained for. */
  readonly step: number;
  readonly conventions: string;
  readonly imageSide: number;
  readonly classes: number;
  readonly model: ExperimentConfig['model'];
  readonly stride: number;
  readonly padding: ExperimentConfig['padding'];
  readonly tap: ExperimentConfig['tap'];
  readonly semantics: ExperimentConfig['semantics'];
  /** Residual edges [from, to], in the order their sums are added. */
  readonly edges: readonly (readonly [number, number])[];
  readonly layers: readonly ModelJsonLayer[];
  readonly parameters: Record<
    string,
    { readonly shape: readonly number[]; readonly values: number[] }
  >;
  /**
   * The lab's Adam at `step`, as torch.optim.Adam keeps it (model.py's load_optimizer): per
   * trainable parameter exp_avg (m) and exp_avg_sq (v), and the number of updates taken.
   */
  readonly optimizer: {
    readonly kind: 'adam';
    readonly lr: number;
    readonly betas: readonly [number, number];
    readonly eps: number;
    readonly step: number;
    readonly state: Record<string, { readonly exp_avg: number[]; readonly exp_avg_sq: number[] }>;
  };
  readonly test: {
    readonly count: number;
    readonly images: string;
    readonly labels: string;
    readonly logits: string;
    /** The accuracy of the recorded logits. */
    readonly accuracy: number;
  };
}

const CONVENTIONS =
  'window pixel j (row-major) is encoded by RY(pi*x_j) on qubit j; rot: exp(-i*theta*sigma/2), ' +
  'theta = the layer angles[param] (flat, paramShape row-major); cnot: control, target; qubit 0 is ' +
  'the most significant bit; readout <Z_j> on every qubit; a multi-channel input runs the circuit on ' +
  "every channel's windows and averages; H/weights is [features, classes] over the flattened " +
  '[height, width, channel] map; images are [count, side, side] float32 little-endian in [0, 1], ' +
  'labels uint8, logits [count, classes] float32';

export function modelJson(
  config: ExperimentConfig,
  step: number,
  parameters: readonly NamedArray[],
  test: { count: number; accuracy: number; classes: number },
  /** Adam's state after `step` updates (one per step). */
  adam: AdamState,
): ModelJson {
  const quantum = config.model !== 'classical';
  const programs = quantum ? configPrograms(config) : [];
  const wide = programs.findIndex(usesExtendedGates);
  if (wide >= 0) {
    throw new Error(
      `the PyTorch export runs RY-encoded RX/RY/RZ and CNOT circuits; Q${wide + 1}'s custom circuit ` +
        'uses more of the gate set: export its circuit as OpenQASM from the Circuit panel instead',
    );
  }
  const core = programs as CircuitProgram[];
  return {
    format: MODEL_FORMAT,
    version: 1,
    config: formatConfigText(config),
    step,
    conventions: CONVENTIONS,
    imageSide: IMAGE_SIDE,
    classes: test.classes,
    model: config.model,
    stride: config.stride,
    padding: config.padding,
    tap: config.tap,
    semantics: config.semantics,
    edges: config.edges.map((e) => [e.from, e.to] as const),
    layers: core.map((program, i) => ({
      layer: `Q${i + 1}`,
      kernel: config.layers[i].kernel,
      qubits: program.qubits,
      family: program.family,
      depth: program.depth,
      trainable: config.layers[i].trainable && config.model !== 'frozen',
      paramShape: program.paramShape,
      deadParams: deadParameters(program).flatMap((dead, p) => (dead ? [p] : [])),
      gates: program.gates,
    })),
    parameters: Object.fromEntries(
      parameters.map((p) => [p.name, { shape: p.shape, values: Array.from(p.values) }]),
    ),
    optimizer: {
      kind: 'adam',
      lr: config.learningRate,
      betas: ADAM_CONSTANTS.betas,
      eps: ADAM_CONSTANTS.eps,
      step,
      state: Object.fromEntries(
        adam.moments.map((mv) => [
          mv.name,
          { exp_avg: Array.from(mv.m), exp_avg_sq: Array.from(mv.v) },
        ]),
      ),
    },
    test: { count: test.count, ...TEST_FILES, accuracy: test.accuracy },
  };
}
