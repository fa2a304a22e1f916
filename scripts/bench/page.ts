// The browser half of `npm run bench`: measures the simulator on one tfjs backend, chosen by the
// query string, and leaves the result on window.__bench for the Playwright driver to read.
import * as tf from '@tensorflow/tfjs';
import { chooseBackend, type BackendName } from '../../src/engine/backend';
import { registerBrowserBackend } from '../../src/engine/backendBrowser';
import { measureThroughput, type ThroughputSample } from '../../src/engine/simBench';
import { createStatevectorSimulator } from '../../src/sim/statevector';
import type { BenchCase } from './cases';

declare global {
  interface Window {
    __bench?: { backend: string; samples: ThroughputSample[] } | { error: string };
  }
}

async function main(): Promise<void> {
  const query = new URLSearchParams(location.search);
  const backend = query.get('backend') as BackendName;
  const cases = JSON.parse(query.get('cases') ?? '[]') as BenchCase[];
  const choice = await chooseBackend(registerBrowserBackend, [backend]);
  // The same simulator the app's worker uses on this backend.
  const simulator = createStatevectorSimulator({ preciseTrig: choice.name === 'webgpu' });
  const samples: ThroughputSample[] = [];
  for (const c of cases) {
    samples.push(await measureThroughput(simulator, c.qubits, c.depth, c.windows, c.repeats));
  }
  window.__bench = { backend: `${choice.name} ${choice.detail}`.trim(), samples };
  document.getElementById('out')!.textContent = JSON.stringify(window.__bench, null, 1);
  tf.disposeVariables();
}

main().catch((e: unknown) => {
  window.__bench = { error: e instanceof Error ? e.message : String(e) };
});
