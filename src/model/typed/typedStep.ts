/*
 * The training step and the evaluation on typed arrays, for `cpu` and `wasm` with the fused CPU
 * kernel (with shots, the step's kernel is the prepared estimates, shotKernel.ts): the network of network.ts (windows, the circuit, channel mean, residual
 * sums, head, softmax cross-entropy) forward and backward by hand around the kernel, and Adam on
 * the same arrays. tfjs would run ~180 small ops a step around a kernel call that is a fifth of
 * the step (issue 12's "lean step"); here the rest costs a few loops. trainingStep.ts chooses this
 * path; the tfjs path stays the definition it is tested against (typedStep.test.ts).
 */
import * as tf from '../../sim/tf';
import type { ArrayKernel } from '../../sim/simulator';
import { mapSource, type WindowSource } from '../../sim/windows/windowSource';
import type { Adam } from '../adam';
import type { LayerId } from '../metrics';
import type { ResQuNN } from '../network';
import { chainRoute, edgeRoute, HEAD_ROUTE, routesOf, type RouteId } from '../accessibility/routes';
import { trackedLayers, type StepReadout } from '../stepReadout';
import { addInto, addMatched, matchedCotangent, squaredSum, type FeatureMap } from './featureMap';
import { headGradients, headLogits, softmaxCrossEntropy, type HeadShape } from './head';

/** The parts of a step a timer is told about (the bench's step_breakdown). */
export type StepPart =
  'read' | 'windows' | 'kernelForward' | 'kernelBackward' | 'residual' | 'head' | 'optimizer';
export type StepTimer = (part: StepPart, ms: number) => void;

type Time = <T>(part: StepPart, work: () => T) => T;

function clock(timer?: StepTimer): Time {
  if (!timer) return (_part, work) => work();
  return (part, work) => {
    const start = performance.now();
    const result = work();
    timer(part, performance.now() - start);
    return result;
  };
}

/** The model's parameters as arrays: every quanv layer's angles (frozen ones too), the head's. */
interface Params {
  readonly quanv: Float32Array[];
  readonly weights: Float32Array;
  readonly bias: Float32Array;
}

/** Copies: Adam updates them in place, and tfjs-cpu's dataSync hands out its own storage. */
function readParams(model: ResQuNN): Params {
  const copy = (t: tf.Tensor) => (t.dataSync() as Float32Array).slice();
  return {
    quanv: model.quanv.map((q) => copy(q.angles)),
    weights: copy(model.headWeights),
    bias: copy(model.headBias),
  };
}

interface LayerTape {
  readonly input: FeatureMap;
  readonly source: WindowSource;
}

interface Tape {
  /** h_0 = X, h_1 … h_n. */
  readonly merged: FeatureMap[];
  /** O_1 … O_n. */
  readonly outputs: FeatureMap[];
  readonly layers: LayerTape[];
  readonly head: HeadShape;
  readonly logits: Float32Array;
}

function forward(
  model: ResQuNN,
  kernel: ArrayKernel,
  params: Params,
  images: FeatureMap,
  time: Time,
): Tape {
  const { edges, tap, stride, padding } = model.config;
  const merged: FeatureMap[] = [images];
  const outputs: FeatureMap[] = [];
  const layers: LayerTape[] = [];
  model.quanv.forEach((layer, index) => {
    const b = index + 1;
    const input = merged[index];
    const [batch] = input.shape;
    const k = layer.spec.kernel;
    const n = k * k;
    // The kernel reads the windows straight from the map and averages over its channels.
    const source = time('windows', () => mapSource(input.data, input.shape, k, stride, padding));
    layers.push({ input, source });
    const z = time('kernelForward', () =>
      kernel.expectZ(layer.executed, source, params.quanv[index]),
    );
    time('residual', () => {
      const out: FeatureMap = { data: z, shape: [batch, source.outHeight, source.outWidth, n] };
      outputs.push(out);
      const into = edges.filter((e) => e.to === b);
      if (into.length === 0) return merged.push(out);
      const sum = out.data.slice();
      for (const e of into) {
        const source = tap === 'chained' || e.from === 0 ? merged[e.from] : outputs[e.from - 1];
        addMatched(sum, out.shape, source);
      }
      merged.push({ data: sum, shape: out.shape });
    });
  });
  const last = merged[merged.length - 1];
  const rows = last.shape[0];
  const head = { rows, features: last.data.length / rows, classes: model.classes };
  const logits = time('head', () => headLogits(last.data, params.weights, params.bias, head));
  return { merged, outputs, layers, head, logits };
}

interface Gradients {
  /** Per quanv layer, null where the layer is frozen. */
  readonly quanv: (Float32Array | null)[];
  readonly weights: Float32Array;
  readonly bias: Float32Array;
  /** ‖cotangent‖₂ per route (routes.ts). */
  readonly flows: Map<RouteId, number>;
}

function backward(
  model: ResQuNN,
  kernel: ArrayKernel,
  params: Params,
  tape: Tape,
  dLogits: Float32Array,
  time: Time,
): Gradients {
  const { edges, tap, semantics } = model.config;
  const { merged, outputs, layers } = tape;
  const flows = new Map<RouteId, number>();
  const last = merged[merged.length - 1];
  const head = time('head', () => headGradients(last.data, params.weights, dLogits, tape.head));
  flows.set(HEAD_ROUTE, Math.sqrt(squaredSum(head.input)));
  // Cotangents of h_a and O_a, accumulated as each consumer (a later layer, an edge) is passed.
  const dH: (Float32Array | null)[] = merged.map(() => null);
  const dO: (Float32Array | null)[] = merged.map(() => null);
  // A fresh array is taken over, not copied; one still in use elsewhere (an edge whose matching
  // is the identity hands back dh itself) is copied before anything adds into it.
  const accumulate = (
    into: (Float32Array | null)[],
    a: number,
    d: Float32Array,
    fresh: boolean,
  ) => {
    const held = into[a];
    if (held) addInto(held, d);
    else into[a] = fresh ? d : d.slice();
  };
  dH[merged.length - 1] = head.input;
  const quanv: (Float32Array | null)[] = model.quanv.map(() => null);
  for (let b = model.quanv.length; b >= 1; b--) {
    const layer = model.quanv[b - 1];
    const { source } = layers[b - 1];
    const output = outputs[b - 1];
    const dh = dH[b] ?? new Float32Array(output.data.length);
    const dOut = time('residual', () => {
      for (const e of edges.filter((x) => x.to === b)) {
        const raw = tap === 'raw' && e.from > 0;
        const from = raw ? outputs[e.from - 1] : merged[e.from];
        const d = matchedCotangent(dh, output.shape, from.shape);
        flows.set(edgeRoute(e.from, b), Math.sqrt(squaredSum(d)));
        accumulate(raw ? dO : dH, e.from, d, d !== dh);
      }
      return dO[b] ? (addInto(dO[b]!, dh), dO[b]!) : dh;
    });
    const needed = layer.trainable || semantics === 'exact';
    const g = needed
      ? time('kernelBackward', () =>
          kernel.gradients(layer.executed, source, params.quanv[b - 1], dOut, semantics),
        )
      : null;
    quanv[b - 1] = layer.trainable && g ? g.params : null;
    // Under `measured` (or a frozen layer's) the chain link carries exactly 0: nothing to add.
    const dInput = g?.input;
    if (!dInput) {
      flows.set(chainRoute(b), 0);
      continue;
    }
    flows.set(chainRoute(b), Math.sqrt(squaredSum(dInput)));
    accumulate(dH, b - 1, dInput, true);
  }
  return { quanv, weights: head.weights, bias: head.bias, flows };
}

/** The images [B, 14, 14, 1] and one-hot labels [B, classes] of a batch, as arrays. */
function readBatch(images: tf.Tensor4D, oneHot: tf.Tensor2D) {
  const [b, h, w, c] = images.shape;
  return {
    map: { data: images.dataSync() as Float32Array, shape: [b, h, w, c] } as FeatureMap,
    targets: oneHot.dataSync() as Float32Array,
  };
}

/** Loss, correct rows, every gradient and every route's flow of one batch, on typed arrays. */
export function typedGradients(
  model: ResQuNN,
  kernel: ArrayKernel,
  images: tf.Tensor4D,
  oneHot: tf.Tensor2D,
  timer?: StepTimer,
): { params: Params; rows: number; lossSum: number; correct: number; grads: Gradients } {
  const time = clock(timer);
  const { map, targets, params } = time('read', () => ({
    ...readBatch(images, oneHot),
    params: readParams(model),
  }));
  const tape = forward(model, kernel, params, map, time);
  const { rows, classes } = tape.head;
  const loss = time('head', () => softmaxCrossEntropy(tape.logits, targets, rows, classes, true));
  const grads = backward(model, kernel, params, tape, loss.dLogits!, time);
  return { params, rows, lossSum: loss.lossSum, correct: loss.correct, grads };
}

/** trainingStep.ts's step on typed arrays: the same readout, the same update. */
export function typedTrainingStep(
  model: ResQuNN,
  kernel: ArrayKernel,
  optimizer: Adam,
  images: tf.Tensor4D,
  oneHot: tf.Tensor2D,
  timer?: StepTimer,
): StepReadout {
  const time = clock(timer);
  const { params, rows, lossSum, correct, grads } = typedGradients(
    model,
    kernel,
    images,
    oneHot,
    timer,
  );
  const layers = trackedLayers(model);
  const gradNorms: Partial<Record<LayerId, number>> = {};
  for (const id of layers) {
    gradNorms[id] =
      id === 'H'
        ? Math.sqrt(squaredSum(grads.weights) + squaredSum(grads.bias))
        : Math.sqrt(squaredSum(grads.quanv[Number(id.slice(1)) - 1]!));
  }
  const flowNorms: Partial<Record<RouteId, number>> = {};
  for (const { id } of routesOf(model.config)) flowNorms[id] = grads.flows.get(id) ?? 0;
  const readout: StepReadout = {
    loss: lossSum / rows,
    batchAccuracy: correct / rows,
    gradNorms,
    flowNorms,
  };
  const numbers = [readout.loss, ...Object.values(gradNorms), ...Object.values(flowNorms)];
  // As on the tfjs path: a diverging step leaves the parameters as they were.
  if (numbers.every(Number.isFinite)) {
    time('optimizer', () => {
      const trainable = model.quanv.flatMap((q, i) => (q.trainable ? [i] : []));
      const values = [...trainable.map((i) => params.quanv[i]), params.weights, params.bias];
      optimizer.applyArrays(values, [
        ...trainable.map((i) => grads.quanv[i]!),
        grads.weights,
        grads.bias,
      ]);
      const variables = model.trainableVariables();
      tf.tidy(() => variables.forEach((v, i) => v.assign(tf.tensor(values[i], v.shape))));
    });
  }
  return readout;
}

/** trainingStep.ts's evaluate on typed arrays: loss and accuracy over a set, `chunk` rows at a time. */
export async function typedEvaluate(
  model: ResQuNN,
  kernel: ArrayKernel,
  images: tf.Tensor4D,
  oneHot: tf.Tensor2D,
  chunk: number,
  between?: () => Promise<void>,
): Promise<{ loss: number; accuracy: number }> {
  const { map, targets } = readBatch(images, oneHot);
  const params = readParams(model);
  const [n, h, w, c] = map.shape;
  const pixels = h * w * c;
  let lossSum = 0;
  let correct = 0;
  for (let start = 0; start < n; start += chunk) {
    if (start > 0) await between?.();
    const size = Math.min(chunk, n - start);
    const part: FeatureMap = {
      data: map.data.subarray(start * pixels, (start + size) * pixels),
      shape: [size, h, w, c],
    };
    const tape = forward(model, kernel, params, part, clock());
    const rows = targets.subarray(start * model.classes, (start + size) * model.classes);
    const outcome = softmaxCrossEntropy(tape.logits, rows, size, model.classes, false);
    lossSum += outcome.lossSum;
    correct += outcome.correct;
  }
  return { loss: lossSum / n, accuracy: correct / n };
}
