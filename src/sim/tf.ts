/*
 * TensorFlow.js for the simulators: `@tensorflow/tfjs-core` with what the umbrella package added
 * on top of it, every op's gradient (`tf.grad`, `tf.variableGrads`) and the chained ops
 * (`tensor.add(…)`, `tensor.reshape(…)`). tfjs-core alone registers neither.
 *
 * Both registries are side-effect modules in core's ESM build, whose own imports are
 * extensionless (`'./gradients/Abs_grad'`). Vite and Vitest resolve those; Node's ESM loader
 * (tsx, Playwright) does not, so Node processes register scripts/runtime/tfjsCoreLoader.mjs
 * first (`tsx --import`, playwright.config.ts), which adds the `.js` inside core's dist only.
 */
// Core itself first. In Node the bare name is core's CommonJS build and the two registries below
// its ES build: a second copy that shares the global engine and registries but sets up its own
// ops only when loaded whole. The engine must be the one made by the complete copy, or a gradient
// that calls a tensor method (AddN's dy.clone()) finds no ops. In Vite both are the ES build.
import '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js';

export * from '@tensorflow/tfjs-core';
