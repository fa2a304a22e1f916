import * as tf from './tf';

/** What a custom op's definition returns: its value and the gradient of its inputs. */
export interface CustomOpResult {
  readonly value: tf.Tensor;
  readonly gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor | tf.Tensor[];
}

/**
 * tf.customGrad with the op's own signature. tfjs declares the function it takes, and the op it
 * returns, over untyped `Tensor` arguments, so an op with shaped inputs or a `save` callback
 * needs a cast either way: it is made once, here.
 */
export function customOp<Op>(definition: (...args: never[]) => CustomOpResult): Op {
  return tf.customGrad(
    definition as unknown as Parameters<typeof tf.customGrad>[0],
  ) as unknown as Op;
}
