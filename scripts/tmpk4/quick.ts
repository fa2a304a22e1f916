import { compileCircuit } from '../../src/sim/circuit/circuitProgram';
import * as simd from '../../src/sim/cpu/simdKernel';
import { mulberry32 } from '../../src/util/prng';
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const cases = (process.argv[2] ?? '4:1,4:2,4:3,9:2').split(',').map((s) => s.split(':').map(Number));
const out: string[] = [];
for (const [n, depth] of cases) {
  const program = compileCircuit({ family: 'ryrz', qubits: n, depth, structureSeed: 0 });
  const W = n === 4 ? 16384 : 1024;
  const r = mulberry32(n * 100 + depth);
  const x = Float32Array.from({ length: W * n }, r);
  const p = Float32Array.from({ length: program.paramCount }, () => r() * 2 * Math.PI);
  const dz = Float32Array.from({ length: W * n }, () => r() - 0.5);
  const run = simd.oneThread();
  const best = (fn: () => void) => { fn(); let b = Infinity; for (let i = 0; i < Number(process.env.REPS ?? 15); i++) { const t = cpu(); fn(); b = Math.min(b, cpu() - t); } return b; };
  const f = best(() => simd.programExpectZ(program, x, p, run));
  const g = best(() => simd.programExpectZGradients(program, x, p, dz, 'exact', run));
  out.push(`${n}q L${depth}: fwd ${(W / f / 1e6).toFixed(2)}M/s  bwd-call ${(W / g / 1e6).toFixed(2)}M/s  fwd+bwd ${(W / (f + g) / 1e6).toFixed(3)}M/s`);
}
console.log(out.join('\n'));
