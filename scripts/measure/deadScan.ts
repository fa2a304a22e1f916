// `npx tsx scripts/measure/deadScan.ts [--structures 1000] [--families random,randomlayers,custom]
//   [--points 2] [--shift-structures N]`
// Dead parameters, exactly (issue 23 item 4): for --structures random structures at each size
// (4 and 9 qubits, L = 1 … 3; for `custom`, random gate lists of the whole gate set in a random
// encoding, 4·qubits·L gates), marks the dead angles (src/sim/circuit/deadParameters.ts) and
// checks every angle independently of how it was marked:
// - its float64 derivative ∂⟨Z_j⟩/∂θ (float64Program.ts) at --points random points drawn apart
//   from the ones deadParameters uses: an angle marked live must exceed 1e-9 at one of them, an
//   angle marked dead must stay below 1e-12 at all;
// - for the first --shift-structures structures of each size (default: all), shifting it
//   (src/sim/testing/shiftTest.ts: its own float64 simulator, two shifts (four for a controlled
//   rotation) at two random points, exhaustive per angle): a live angle must change a readout, a
//   dead one none.
// Prints per size: structures with a dead angle, those where the structural rule alone missed
// one, the counts that disagree (all must be 0), and the margins (largest derivative and shift
// change of a dead angle, smallest of a live one).
import { compileCircuit, type ExtendedProgram } from '../../src/sim/circuit/circuitProgram';
import { ENCODINGS } from '../../src/sim/circuit/customCircuit';
import {
  deadParameters,
  LIVE_THRESHOLD,
  structurallyDeadParameters,
} from '../../src/sim/circuit/deadParameters';
import { float64ReadoutGradients } from '../../src/sim/circuit/float64Program';
import { randomExtendedProgram } from '../../src/sim/testing/extendedCircuits';
import { largestShiftChanges } from '../../src/sim/testing/shiftTest';
import { mulberry32 } from '../../src/util/prng';
import { intFlag, parseCli, runCli, UsageError } from '../cli/args';

const USAGE =
  'usage: npx tsx scripts/measure/deadScan.ts [--structures N] [--families random,randomlayers,custom] [--points P] [--shift-structures M]';

const FAMILIES = ['random', 'randomlayers', 'custom'] as const;
type ScanFamily = (typeof FAMILIES)[number];

/** A dead angle's derivative and shift change stay below DEAD; a live one's exceed the threshold. */
const DEAD = 1e-12;

function structure(family: ScanFamily, qubits: number, depth: number, seed: number) {
  if (family !== 'custom') return compileCircuit({ family, qubits, depth, structureSeed: seed });
  return randomExtendedProgram(
    qubits,
    4 * qubits * depth,
    seed,
    ENCODINGS[seed % ENCODINGS.length],
  );
}

/** The largest |∂⟨Z_j⟩/∂θ| per angle over `points` random points of its own seed. */
function independentDerivatives(program: ExtendedProgram, points: number, seed: number) {
  const random = mulberry32(seed);
  const largest = new Array<number>(program.paramCount).fill(0);
  for (let k = 0; k < points; k++) {
    const x = Array.from({ length: program.qubits }, () => 2 * random());
    const params = Array.from({ length: program.paramCount }, () => 2 * Math.PI * random());
    for (const row of float64ReadoutGradients(program, x, params)) {
      row.forEach((d, p) => (largest[p] = Math.max(largest[p], Math.abs(d))));
    }
  }
  return largest;
}

async function main(): Promise<void> {
  const { values } = parseCli(
    {
      structures: { type: 'string' },
      families: { type: 'string' },
      points: { type: 'string' },
      'shift-structures': { type: 'string' },
    },
    USAGE,
  );
  const structures = intFlag('structures', values.structures, 1, 100000) ?? 1000;
  const points = intFlag('points', values.points, 1, 100) ?? 2;
  const shifted = intFlag('shift-structures', values['shift-structures'], 0, 100000) ?? structures;
  const families = (values.families ?? FAMILIES.join(',')).split(',');
  const unknown = families.find((f) => !(FAMILIES as readonly string[]).includes(f));
  if (unknown)
    throw new UsageError(`--families: '${unknown}' is not one of ${FAMILIES.join(', ')}`);
  console.log(
    `${structures} structures per size (seeds 1…${structures}); derivatives at ${points} independent random points; shift test on the first ${Math.min(shifted, structures)} per size`,
  );
  console.log(
    '| family | qubits | L | with a dead angle | missed by the rule alone | dead angles | live angles | live, ∂ ≤ 1e-9 everywhere | dead, ∂ ≥ 1e-12 somewhere | live, no shift change | dead, a shift change | max ∂ dead | min ∂ live | max shift Δ dead | min shift Δ live |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  let failures = 0;
  const e = (v: number) => (Number.isFinite(v) ? v.toExponential(1) : '–');
  for (const family of families as ScanFamily[]) {
    for (const qubits of [4, 9]) {
      for (const depth of [1, 2, 3]) {
        const n = { withDead: 0, missed: 0, dead: 0, live: 0 };
        const bad = { liveFlat: 0, deadSloped: 0, liveUnchanged: 0, deadChanged: 0 };
        const margin = { derivDead: 0, derivLive: Infinity, shiftDead: 0, shiftLive: Infinity };
        for (let seed = 1; seed <= structures; seed++) {
          const program = structure(family, qubits, depth, seed);
          const dead = deadParameters(program);
          const structural = structurallyDeadParameters(program);
          const deriv = independentDerivatives(program, points, 0xd1ff + seed);
          const shift = seed <= shifted ? largestShiftChanges(program, 2, 0x5ca7 + seed) : null;
          if (dead.some(Boolean)) n.withDead++;
          if (dead.some((d, p) => d && !structural[p])) n.missed++;
          dead.forEach((isDead, p) => {
            if (isDead) {
              n.dead++;
              if (deriv[p] >= DEAD) bad.deadSloped++;
              margin.derivDead = Math.max(margin.derivDead, deriv[p]);
              if (shift && shift[p] >= DEAD) bad.deadChanged++;
              if (shift) margin.shiftDead = Math.max(margin.shiftDead, shift[p]);
            } else {
              n.live++;
              if (deriv[p] <= LIVE_THRESHOLD) bad.liveFlat++;
              margin.derivLive = Math.min(margin.derivLive, deriv[p]);
              if (shift && shift[p] <= LIVE_THRESHOLD) bad.liveUnchanged++;
              if (shift) margin.shiftLive = Math.min(margin.shiftLive, shift[p]);
            }
          });
        }
        failures += bad.liveFlat + bad.deadSloped + bad.liveUnchanged + bad.deadChanged;
        const shiftMargins = shifted > 0 ? [e(margin.shiftDead), e(margin.shiftLive)] : ['–', '–'];
        console.log(
          `| ${family} | ${qubits} | ${depth} | ${n.withDead} | ${n.missed} | ${n.dead} | ${n.live} | ${bad.liveFlat} | ${bad.deadSloped} | ${bad.liveUnchanged} | ${bad.deadChanged} | ${e(margin.derivDead)} | ${e(margin.derivLive)} | ${shiftMargins.join(' | ')} |`,
        );
      }
    }
  }
  console.log(
    failures === 0
      ? 'every angle marked live has a non-zero derivative (and, where shifted, changes a readout); every angle marked dead has none'
      : `${failures} angles disagree`,
  );
  if (failures > 0) process.exitCode = 1;
}

runCli(main);
