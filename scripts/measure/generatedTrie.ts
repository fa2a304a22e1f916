// `npx tsx --import ./scripts/runtime/tfjsCoreLoader.mjs scripts/measure/generatedTrie.ts
//   [--family NAME] [--rounds N]`: the Pauli path with its trie as generated code
// (src/sim/cpu/pauliTrieModule.ts) against the kernel's loops, for every family, 4 and 9 qubits,
// L = 1–3 where the Pauli path is taken: two kernel instances on one thread, their calls
// alternating in rounds (a loaded machine slows both alike), the fastest round of each. Prints
// µs per call of sourceExpectZ and sourceGradients (exact) and loops ÷ generated.
import { compileCircuit, CIRCUIT_FAMILIES } from '../../src/sim/circuit/circuitProgram';
import { kernelProgram } from '../../src/sim/cpu/kernelProgram';
import { PAULI_LAYOUT } from '../../src/sim/cpu/pauliProgram';
import { GENERATED_SIZE_LIMIT } from '../../src/sim/cpu/pauliTrieModule';
import {
  kernelModule,
  SimdKernel,
  sourceExpectZ,
  sourceGradients,
} from '../../src/sim/cpu/simdKernel';
import { rowsSource } from '../../src/sim/windows/windowSource';
import { mulberry32 } from '../../src/util/prng';
import { choiceFlag, intFlag, parseCli, runCli } from '../cli/args';

const USAGE =
  'usage: npx tsx --import ./scripts/runtime/tfjsCoreLoader.mjs scripts/measure/generatedTrie.ts ' +
  `[--family ${CIRCUIT_FAMILIES.join('|')}] [--rounds N]`;

const CALLS = 10;

async function main() {
  const { values } = parseCli({ family: { type: 'string' }, rounds: { type: 'string' } }, USAGE);
  const only = choiceFlag('family', values.family, CIRCUIT_FAMILIES);
  const rounds = intFlag('rounds', values.rounds, 1, 1000) ?? 15;
  const kernels = {
    generated: new SimdKernel(kernelModule(), true),
    loops: new SimdKernel(kernelModule(), false),
  };
  console.log(
    `Generated code up to ${GENERATED_SIZE_LIMIT} nodes + terms; µs per call, fastest of ${rounds} rounds of ${CALLS}\n`,
  );
  console.log(
    '| case | nodes | terms | generated fwd / bwd | loops fwd / bwd | loops ÷ generated |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const family of only ? [only] : CIRCUIT_FAMILIES) {
    for (const qubits of [4, 9] as const) {
      for (const depth of [1, 2, 3]) {
        const program = compileCircuit({ family, qubits, depth, structureSeed: 0 });
        const { codes } = kernelProgram(program, 'auto');
        if (codes[0] !== PAULI_LAYOUT) continue;
        const windows = qubits === 4 ? 4096 : 512;
        const random = mulberry32(7);
        const x = Float32Array.from({ length: windows * qubits }, random);
        const params = Float32Array.from({ length: program.paramCount }, () => random() * 6.28);
        const dz = Float32Array.from({ length: windows * qubits }, () => random() - 0.5);
        const source = rowsSource(x, qubits);
        const best = { generated: [Infinity, Infinity], loops: [Infinity, Infinity] };
        for (let round = 0; round < rounds; round++) {
          for (const [name, kernel] of Object.entries(kernels) as [
            keyof typeof kernels,
            SimdKernel,
          ][]) {
            let start = performance.now();
            for (let i = 0; i < CALLS; i++) sourceExpectZ(program, source, params, kernel);
            best[name][0] = Math.min(best[name][0], ((performance.now() - start) / CALLS) * 1000);
            start = performance.now();
            for (let i = 0; i < CALLS; i++) {
              sourceGradients(program, source, params, dz, 'exact', kernel);
            }
            best[name][1] = Math.min(best[name][1], ((performance.now() - start) / CALLS) * 1000);
          }
        }
        const us = (v: number[]) => v.map((t) => t.toFixed(0)).join(' / ');
        const ratio = (best.loops[0] + best.loops[1]) / (best.generated[0] + best.generated[1]);
        console.log(
          `| ${family} ${qubits}q L${depth} | ${codes[3]} | ${codes[1]} | ${us(best.generated)} | ` +
            `${us(best.loops)} | ${ratio.toFixed(2)} |`,
        );
      }
    }
  }
}

runCli(main);
