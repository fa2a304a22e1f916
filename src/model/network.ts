import * as tf from '../sim/tf';
import type { ArrayKernel, QuanvSimulator, QubitCount } from '../sim/simulator';
import { quanvolve, quanvWindows, type QuanvOptions } from '../sim/quanvolve';
import { IMAGE_SIDE, mapSide, type ExperimentConfig, type LayerSpec } from './config/config';
import { residualSum } from './residual';
import { deriveSeed, mulberry32 } from '../util/prng';
import { prepareShots, type ShotLayer } from '../sim/shots/shotSimulator';
import { shotStream } from '../sim/shots/binomial';
import { shotArrayKernel, type ShotArrayKernel } from './typed/shotKernel';
import type { ExtendedProgram } from '../sim/circuit/circuitProgram';
import { usesExtendedGates } from '../sim/circuit/customCircuit';
import { createTfjsOpSimulator } from '../sim/tfjsOps/tfjsOpSimulator';
import { layerProgram, withStartAngles } from './layerProgram';
import { withoutDeadRotations } from '../sim/circuit/deadParameters';
import { backendInMainMemory } from '../sim/cpu/mainMemory';
import {
  chainRoute,
  edgeRoute,
  HEAD_ROUTE,
  type RouteId,
  type RouteSource,
} from './accessibility/routes';
import { predictHasGradient } from './accessibility/accessibility';

/** One quanv layer's parameters: a variable when trainable, a constant when frozen. */
export interface QuanvParams {
  readonly spec: LayerSpec;
  readonly qubits: QubitCount;
  /** The layer's compiled circuit (its custom circuit, or its family's: layerProgram.ts). */
  readonly program: ExtendedProgram;
  /**
   * What the simulators run: `program` without its dead rotations (deadParameters.ts). A program
   * with wider gates only ever reaches a simulator that runs them (the constructor's choice below).
   */
  readonly executed: ExtendedProgram;
  /** program.paramShape: the angles in the program's flat parameter order, row-major. */
  readonly angles: tf.Variable | tf.Tensor;
  readonly trainable: boolean;
}

export interface ForwardPass {
  readonly logits: tf.Tensor2D;
  /** O_1 … O_n, the raw outputs of the quanv layers. */
  readonly outputs: readonly tf.Tensor4D[];
}

/**
 * Taps on the forward pass, identities unless a caller passes one: every route (routes.ts) runs
 * its value through `route`, every h_a and O_a through `value`. How a step records each route's
 * cotangent without changing the forward result.
 */
export interface ForwardProbe {
  route(id: RouteId, value: tf.Tensor4D): tf.Tensor4D;
  value?(source: RouteSource, value: tf.Tensor4D): tf.Tensor4D;
}

/** The built-in MNIST's class count; a user's dataset brings its own (src/data/formats). */
export const CLASSES = 10;

/**
 * The ResQuNN of docs/model.md §2–§3: X → Q1 → … → Qn → H, with residual sums at the merge points, and the
 * two benchmark models (every quanv layer frozen; the head alone on the raw image).
 * Owns its tensors: call dispose().
 */
export class ResQuNN {
  readonly quanv: readonly QuanvParams[];
  readonly headWeights: tf.Variable<tf.Rank.R2>;
  readonly headBias: tf.Variable<tf.Rank.R1>;
  /** Seeds the shot draws (config.shots > 0): set per step, so every run repeats exactly. */
  private shotSeed: number;
  /** Passes prepared since the shot seed was set: each draws afresh. */
  private shotPasses = 0;
  /** The shot estimates of the prepared pass, per layer, and whether a forward pass used them. */
  private shots: { readonly layers: ShotLayer[]; used: boolean } | null = null;

  /** The simulator every layer runs on (see the constructor). */
  private readonly simulator: QuanvSimulator;

  constructor(
    readonly config: ExperimentConfig,
    simulator: QuanvSimulator,
    /** The head's outputs: the dataset's class count (2 and up). */
    readonly classes: number = CLASSES,
  ) {
    if (!Number.isInteger(classes) || classes < 2) {
      throw new RangeError(`ResQuNN: a head of ${classes} classes; a dataset has 2 or more`);
    }
    const random = mulberry32(config.seed);
    this.shotSeed = config.seed;
    const quantum = config.model !== 'classical';
    this.quanv = quantum
      ? config.layers.map((spec, i) =>
          createQuanvParams(spec, i, config.seed, config.model === 'frozen', random),
        )
      : [];
    // A custom circuit with gates past the core set runs where they run: the tfjs-op simulator
    // (precise trig, as the fused kernels' own fallback uses) unless the given one runs them too.
    const wide = this.quanv.some((q) => usesExtendedGates(q.program));
    this.simulator =
      wide && !simulator.extendedGates ? createTfjsOpSimulator({ preciseTrig: true }) : simulator;
    const features = headInputSize(config);
    // Glorot-uniform: the usual dense-layer start, drawn from the run's seed.
    const limit = Math.sqrt(6 / (features + classes));
    const w = Float32Array.from({ length: features * classes }, () => (random() * 2 - 1) * limit);
    // tf.variable shares its initial tensor's data and leaves that tensor alive: dispose it.
    const initialW = tf.tensor2d(w, [features, classes]);
    const initialB = tf.zeros<tf.Rank.R1>([classes]);
    this.headWeights = tf.variable(initialW, true, 'H/weights');
    this.headBias = tf.variable(initialB, true, 'H/bias');
    tf.dispose([initialW, initialB]);
  }

  /**
   * Where the shot draws of the next forward passes come from (docs/model.md §6: seeded from the run's seed
   * and the step). Without shots it changes nothing.
   */
  setShotSeed(seed: number): void {
    this.shotSeed = seed;
    this.shotPasses = 0;
  }

  /**
   * With finite shots, every forward pass runs on estimates prepared for it (docs/model.md §6):
   * layer by layer, the layer's input (from the previous layers' sampled outputs), the exact
   * values of its circuit and, with `gradients`, of its shifted circuits, read back
   * asynchronously and sampled on the CPU. Call it before each forward pass, on the same images.
   * Without shots it does nothing.
   */
  async prepareShots(images: tf.Tensor4D, { gradients = false } = {}): Promise<void> {
    if (this.config.shots === 0 || this.quanv.length === 0) return;
    this.disposeShots();
    const pass = this.shotPasses++;
    const merged: tf.Tensor4D[] = [images];
    const outputs: tf.Tensor4D[] = [];
    const layers: ShotLayer[] = [];
    // A layer no cotangent reaches (docs/model.md §4) gets exactly 0 whatever its estimates, so
    // its shifted circuits are neither run nor sampled; the draws of the others do not move, as
    // every layer draws from its own stream.
    const reached = predictHasGradient(this.config);
    try {
      for (const [index, layer] of this.quanv.entries()) {
        const options = this.quanvOptions(layer);
        const windows = quanvWindows(merged[index], options);
        try {
          layers.push(
            await prepareShots(
              this.simulator,
              layer.executed,
              windows,
              layer.angles,
              this.config.shots,
              shotStream(deriveSeed(this.shotSeed, pass, index)),
              {
                params: gradients && layer.trainable && reached[`Q${index + 1}`] === true,
                inputs: gradients && options.inputGradient === 'exact',
              },
            ),
          );
        } finally {
          windows.dispose();
        }
        const output = quanvolve(
          layers[index],
          layer.executed,
          merged[index],
          layer.angles,
          options,
        );
        outputs.push(output);
        merged.push(tf.tidy(() => this.merge(index + 1, output, merged, outputs)));
      }
      this.shots = { layers, used: false };
    } catch (e) {
      layers.forEach((l) => l.dispose());
      throw e;
    } finally {
      tf.dispose([...merged.slice(1), ...outputs]);
    }
  }

  /**
   * Per quanv layer, the expected norm of the shot noise in its last parameter gradient (the
   * spread of a zero gradient's estimate) as a new scalar, or null without shots.
   */
  shotNoise(): (tf.Scalar | null)[] {
    return this.quanv.map((_, i) => this.shots?.layers[i].gradientNoise() ?? null);
  }

  /**
   * The simulator's typed-array kernel where the step may run on typed arrays
   * (typed/typedStep.ts): tensors in main memory (`cpu`, `wasm`) and exact expectation values.
   */
  arrayKernel(): ArrayKernel | null {
    return backendInMainMemory() && this.config.shots === 0
      ? (this.simulator.arrays ?? null)
      : null;
  }

  /**
   * With shots, where the step runs on typed arrays (tensors in main memory, the fused CPU
   * kernel): the prepared pass's layers as a kernel for the typed step (typed/shotKernel.ts),
   * used up like a forward pass's; null elsewhere (the tfjs pass runs on them).
   */
  shotArrayKernel(): ShotArrayKernel | null {
    const { shots } = this.config;
    if (shots === 0 || this.quanv.length === 0 || !backendInMainMemory() || !this.simulator.arrays)
      return null;
    const layers = this.takeShots();
    return layers && shotArrayKernel(layers, this.config.padding);
  }

  /** The variables the optimiser updates, frozen layers excluded. */
  trainableVariables(): tf.Variable[] {
    const quantum = this.quanv.filter((q) => q.trainable).map((q) => q.angles as tf.Variable);
    return [...quantum, this.headWeights, this.headBias];
  }

  /** images [B, 14, 14, 1] in [0, 1] → class logits, plus every quanv layer's output map. */
  forward(images: tf.Tensor4D, probe?: ForwardProbe): ForwardPass {
    const route = (id: RouteId, t: tf.Tensor4D) => (probe ? probe.route(id, t) : t);
    const at = (value: 'h' | 'O', index: number, t: tf.Tensor4D) =>
      probe?.value ? probe.value({ value, index }, t) : t;
    const merged: tf.Tensor4D[] = [at('h', 0, images)]; // h_0 = X
    const outputs: tf.Tensor4D[] = [];
    const shots = this.takeShots();
    this.quanv.forEach((layer, index) => {
      const b = index + 1;
      const encoded = route(chainRoute(b), merged[index]);
      const simulator = shots?.[index] ?? this.simulator;
      const options = this.quanvOptions(layer);
      const output = at(
        'O',
        b,
        quanvolve(simulator, layer.executed, encoded, layer.angles, options),
      );
      outputs.push(output);
      merged.push(at('h', b, this.merge(b, output, merged, outputs, route)));
    });
    const last = route(HEAD_ROUTE, merged[merged.length - 1]);
    const flat = tf.reshape(last, [last.shape[0], -1]) as tf.Tensor2D;
    const logits = tf.add(tf.matMul(flat, this.headWeights), this.headBias) as tf.Tensor2D;
    return { logits, outputs };
  }

  /**
   * h_b = O_b plus the residual inputs reaching Q_b's output; `chained` taps carry h_a
   * (ResNet-style), `raw` taps O_a (X for a = 0). Each source passes through its route.
   */
  private merge(
    b: number,
    output: tf.Tensor4D,
    merged: readonly tf.Tensor4D[],
    outputs: readonly tf.Tensor4D[],
    route: (id: RouteId, t: tf.Tensor4D) => tf.Tensor4D = (_, t) => t,
  ): tf.Tensor4D {
    const { edges, tap } = this.config;
    const sources = edges
      .filter((e) => e.to === b)
      .map((e) =>
        route(
          edgeRoute(e.from, b),
          tap === 'chained' || e.from === 0 ? merged[e.from] : outputs[e.from - 1],
        ),
      );
    return residualSum(output, sources);
  }

  private quanvOptions(layer: QuanvParams): QuanvOptions {
    const { stride, padding, semantics } = this.config;
    return { kernel: layer.spec.kernel, stride, padding, inputGradient: semantics };
  }

  /**
   * Runs `work` with exact expectation values even where the configuration has shots: the model
   * export records the network's exact logits, which the PyTorch rebuild reproduces.
   */
  exactly<T>(work: () => T): T {
    this.exact = true;
    try {
      return work();
    } finally {
      this.exact = false;
    }
  }

  private exact = false;

  /** The prepared pass's shot layers, used once (null without shots). */
  private takeShots(): ShotLayer[] | null {
    if (this.config.shots === 0 || this.exact) return null;
    if (!this.shots || this.shots.used)
      throw new Error(
        'finite shots: each forward pass needs its own prepared estimates (await prepareShots first)',
      );
    this.shots.used = true;
    return this.shots.layers;
  }

  private disposeShots(): void {
    this.shots?.layers.forEach((l) => l.dispose());
    this.shots = null;
  }

  dispose(): void {
    this.disposeShots();
    for (const q of this.quanv) q.angles.dispose();
    this.headWeights.dispose();
    this.headBias.dispose();
  }
}

function createQuanvParams(
  spec: LayerSpec,
  index: number,
  seed: number,
  forceFrozen: boolean,
  random: () => number,
): QuanvParams {
  const qubits = spec.kernel === 2 ? 4 : 9;
  const program = layerProgram(spec, index, seed);
  // docs/model.md §1: initial angles uniform in [0, 2π) from the run's seed.
  // Draws for every angle, stated starts or not, so later layers' draws never move.
  const values = withStartAngles(
    spec,
    Float32Array.from({ length: program.paramCount }, () => random() * 2 * Math.PI),
  );
  const initial = tf.tensor(values, [...program.paramShape]);
  const trainable = spec.trainable && !forceFrozen;
  const angles = trainable ? tf.variable(initial, true, `Q${index + 1}/angles`) : initial;
  if (trainable) initial.dispose();
  const executed = withoutDeadRotations(program);
  return { spec, qubits, program, executed, angles, trainable };
}

/** Features the head reads: h_n flattened, or the raw image for the classical-only model. */
export function headInputSize(config: ExperimentConfig): number {
  if (config.model === 'classical') return IMAGE_SIDE * IMAGE_SIDE;
  let side = IMAGE_SIDE;
  for (const layer of config.layers)
    side = mapSide(side, layer.kernel, config.stride, config.padding);
  const last = config.layers[config.layers.length - 1];
  return side * side * last.kernel * last.kernel;
}
