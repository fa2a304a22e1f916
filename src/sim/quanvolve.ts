import * as tf from './tf';
import { channelMean } from './windows/channelMean';
import type { ExtendedProgram } from './circuit/circuitProgram';
import { extractWindows, type Padding } from './windows/extractWindows';
import type { InputGradient, QuanvSimulator } from './simulator';

export interface QuanvOptions {
  readonly kernel: 2 | 3;
  readonly stride: number;
  readonly padding: Padding;
  readonly inputGradient: InputGradient;
}

/**
 * The windows a quanvolutional layer runs through its circuit: images [B, H, W, C] →
 * [B·Ho·Wo·C, k²], every channel's windows in one batch (the order quanvolve's result assumes).
 */
export function quanvWindows(images: tf.Tensor4D, options: QuanvOptions): tf.Tensor2D {
  return tf.tidy(
    () => extractWindows(images, options.kernel, options.stride, options.padding).windows,
  );
}

/**
 * A quanvolutional layer's forward pass (docs/model.md §1): images [B, H, W, C] → [B, Ho, Wo, k²], the
 * windows (quanvWindows) run through `program` (k² qubits) with angles `params`
 * (program.paramCount of them). The one quantum filter runs on every channel's windows, all in
 * one batch, and the C results are averaged (a depthwise quantum filter followed by a mean).
 */
export function quanvolve(
  simulator: QuanvSimulator,
  program: ExtendedProgram,
  images: tf.Tensor4D,
  params: tf.Tensor,
  options: QuanvOptions,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [b, , , c] = images.shape;
    const { windows, outHeight, outWidth } = extractWindows(
      images,
      options.kernel,
      options.stride,
      options.padding,
    );
    const n = options.kernel * options.kernel;
    const z = simulator.expectZ(program, windows, params, options.inputGradient); // [B·Ho·Wo·C, n]
    const perChannel = z.reshape([b, outHeight, outWidth, c, n]) as tf.Tensor5D;
    return c === 1 ? perChannel.reshape([b, outHeight, outWidth, n]) : channelMean(perChannel);
  });
}
