/*
 * A Node module hook for src/sim/tf.ts: tfjs-core's ESM build imports its own files without the
 * `.js` extension, which Vite resolves and Node's ESM loader rejects. Inside
 * `@tensorflow/tfjs-core/dist/` only, a relative import without an extension gets `.js`
 * (`'../gradients'` is the file gradients.js beside a folder of the same name). Loaded before the
 * program, with `tsx --import ./scripts/runtime/tfjsCoreLoader.mjs` or by playwright.config.ts.
 */
import { register } from 'node:module';

const hook = `
export async function resolve(specifier, context, next) {
  const inCore = (context.parentURL ?? '').includes('/@tensorflow/tfjs-core/dist/');
  const bare = specifier.startsWith('.') && !/\\.[cm]?js$/.test(specifier);
  return next(inCore && bare ? specifier + '.js' : specifier, context);
}`;

register(`data:text/javascript,${encodeURIComponent(hook)}`);
