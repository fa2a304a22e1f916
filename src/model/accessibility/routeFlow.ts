/**
 * Gradient flow per route (docs/model.md §8): an identity op on every route whose
 * backward pass hands the cotangent it receives on to a recorder, unchanged. The forward result
 * is the same tensor values; the op only adds a node to the tape.
 *
 * Why the op takes a second input, the anchor: tfjs backpropagates only along ops whose inputs
 * depend on a variable being differentiated. X, and everything under `measured` or a frozen layer
 * upstream, depends on none, so a route from there would never see its cotangent. Wiring every
 * route op to one scalar variable that the step also differentiates (and then drops) puts each
 * route on the tape, on every backend; the anchor's own gradient is 0.
 */
import * as tf from '../../sim/tf';
import { customOp } from '../../sim/customOp';
import type { ForwardProbe } from '../network';
import type { RouteId } from './routes';

type RouteOp = (value: tf.Tensor4D, anchor: tf.Scalar) => tf.Tensor4D;

/** A probe that records each route's cotangent `dy` (the tensor itself; keep it to use it). */
export function cotangentProbe(
  anchor: tf.Variable<tf.Rank.R0>,
  record: (id: RouteId, cotangent: tf.Tensor) => void,
): ForwardProbe {
  return {
    route(id, value) {
      const op = customOp<RouteOp>((x: tf.Tensor4D, a: tf.Scalar) => ({
        value: tf.clone(x),
        gradFunc: (dy: tf.Tensor) => {
          record(id, dy);
          return [dy, tf.zerosLike(a)];
        },
      }));
      return op(value, anchor);
    },
  };
}

/** A fresh anchor for one backward pass: a trainable scalar 0 with a generated unique name. */
export function flowAnchor(): tf.Variable<tf.Rank.R0> {
  const zero = tf.scalar(0);
  const anchor = tf.variable(zero, true);
  zero.dispose();
  return anchor;
}

/** ‖dy‖₂, the flow of a route. */
export function flowNorm(cotangent: tf.Tensor): tf.Scalar {
  return tf.sqrt(tf.sum(tf.square(cotangent))) as tf.Scalar;
}
