/*
 * Deep residual stacks (docs/model.md §9): for each stack (chained with no edges, every layer to
 * the head, the user's own), K random initialisations, and at each the gradient norm of every
 * quanv layer under `exact` semantics, from the training step's own backward pass on one fixed
 * batch. Initialisation k uses the same seed in every stack, so the stacks are compared pairwise.
 * The engine runs it in slices (src/engine/stacksRunner.ts); the CLI runs it in one go.
 */
import type * as tf from '../../sim/tf';
import type { QuanvSimulator } from '../../sim/simulator';
import { Adam } from '../adam';
import { formatEdgeList } from '../config/configEdges';
import { readConfigText } from '../config/configReader';
import type { Edge, ExperimentConfig } from '../config/configSchema';
import { ResQuNN } from '../network';
import { trainingStep } from '../trainingStep';
import { describeConfigErrors } from '../config/configValidate';
import { stackNetwork, type StackSettings } from './stackSettings';
import { quartiles } from './stackStats';

export type StackCurveKey = 'chained' | 'head' | 'yours';

export interface StackCurve {
  readonly key: StackCurveKey;
  readonly label: string;
  readonly edges: readonly Edge[];
}

/** One stack's statistic at one layer: median and quartiles of ‖∂loss/∂θ_Qi‖ over the samples. */
export interface StackRow {
  readonly curve: StackCurveKey;
  readonly label: string;
  readonly edges: string;
  /** 1 … n: Qi. */
  readonly layer: number;
  readonly samples: number;
  readonly median: number;
  readonly q1: number;
  readonly q3: number;
}

/** The three stacks at n layers: no edges, every Qa (a < n) to the merge point the head reads, the user's. */
export function stackCurves(s: StackSettings): StackCurve[] {
  const toHead = Array.from({ length: s.layers - 1 }, (_, i) => ({ from: i + 1, to: s.layers }));
  return [
    { key: 'chained', label: 'chained, no edges', edges: [] },
    { key: 'head', label: 'every layer to the head', edges: toHead },
    { key: 'yours', label: `yours (${formatEdgeList(s.edges) || 'no edges'})`, edges: s.edges },
  ];
}

/**
 * The network of one stack at one initialisation (stackNetwork). validateStackSettings built the
 * user's stack the same way, and the other two differ only in edges every n allows.
 */
export function stackConfig(
  s: StackSettings,
  edges: readonly Edge[],
  sample: number,
): ExperimentConfig {
  const base = readConfigText(s.base);
  const network = base.ok ? stackNetwork(base.config, s, edges, sample) : base;
  if (!network.ok)
    throw new Error(
      `stackConfig: ${s.base} at ${s.layers} layers is not valid: ${describeConfigErrors(network.errors)}`,
    );
  return network.config;
}

export interface StackBatch {
  readonly images: tf.Tensor4D;
  readonly oneHot: tf.Tensor2D;
}

export class StackStudy {
  readonly curves: readonly StackCurve[];
  /** norms[curve][layer − 1][sample] */
  readonly norms: number[][][];
  private next = 0;

  constructor(
    readonly settings: StackSettings,
    private readonly simulator: QuanvSimulator,
    private readonly batch: StackBatch,
    private readonly classes: number,
  ) {
    this.curves = stackCurves(settings);
    this.norms = this.curves.map(() => Array.from({ length: settings.layers }, () => []));
  }

  get total(): number {
    return this.curves.length * this.settings.samples;
  }

  get done(): boolean {
    return this.next >= this.total;
  }

  get progress(): number {
    return this.next / this.total;
  }

  /** The next (stack, initialisation): samples go round the stacks, so all curves fill in together. */
  async step(): Promise<void> {
    const curve = this.next % this.curves.length;
    const sample = Math.floor(this.next / this.curves.length);
    const config = stackConfig(this.settings, this.curves[curve].edges, sample);
    const model = new ResQuNN(config, this.simulator, this.classes);
    const optimizer = new Adam(config.learningRate);
    try {
      // The step also applies Adam's update, to a network that is dropped right after.
      const readout = await trainingStep(model, optimizer, this.batch.images, this.batch.oneHot);
      this.norms[curve].forEach((layer, i) => layer.push(readout.gradNorms[`Q${i + 1}`] ?? 0));
    } finally {
      model.dispose();
      optimizer.dispose();
    }
    this.next += 1;
  }

  /** Every stack's statistic per layer over the samples so far (stacks with none left out). */
  rows(): StackRow[] {
    return this.curves.flatMap((c, ci) =>
      this.norms[ci][0].length === 0
        ? []
        : this.norms[ci].map((values, i) => ({
            curve: c.key,
            label: c.label,
            edges: formatEdgeList(c.edges),
            layer: i + 1,
            samples: values.length,
            ...quartiles(values),
          })),
    );
  }
}
