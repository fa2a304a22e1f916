/*
 * TensorFlow.js for the simulators: `@tensorflow/tfjs-core` with what the umbrella package added
 * on top of it, every op's gradient (`tf.grad`, `tf.variableGrads`) and the chained ops
 * (`tensor.add(…)`, `tensor.reshape(…)`). tfjs-core alone registers neither.
 *
 * Both registries are side-effect modules in core's ESM build, whose own imports are
 * extensionless (`'./gradients/Abs_grad'`). Vite and Vitest resolve those; Node's ESM loader
 * (tsx, Playwright) does not, so Node processes register scripts/testing/tfjsCoreLoader.mjs
 * first (`tsx --import`, playwright.config.ts), which adds the `.js` inside core's dist only.
 */
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js';

export * from '@tensorflow/tfjs-core';
