// `npx tsx scripts/measure/deadScan.ts [--structures 1000] [--family random]`
// Dead parameters, exactly (issue 23 item 4): for --structures random structures at each size
// (4 and 9 qubits, L = 1 … 3), marks the dead angles (src/sim/deadParameters.ts) and checks every
// angle independently by shifting it (src/sim/testing/shiftTest.ts: its own float64 simulator,
// two shifts at two random points, exhaustive per angle). Prints per size: structures with a
// dead angle, those where the structural rule alone missed one, angles marked live whose shifts
// change no readout (must be 0), angles marked dead whose shifts change one (must be 0), and the
// margins: the largest float64 derivative of a dead angle and the smallest of a live one (at the
// check's points), the largest shift change of a dead angle and the smallest of a live one.
import { compileCircuit, type CircuitFamily } from '../../src/sim/circuit/circuitProgram';
import {
  DEAD_CHECK_POINTS,
  deadParameters,
  largestReadoutDerivatives,
  structurallyDeadParameters,
} from '../../src/sim/circuit/deadParameters';
import { largestShiftChanges } from '../../src/sim/testing/shiftTest';
import { intFlag, parseCli, runCli } from '../cli/args';

const USAGE = 'usage: npx tsx scripts/measure/deadScan.ts [--structures N] [--family F]';

/** A live angle's shift changes a readout by more than this; a dead one's by less than DEAD. */
const LIVE = 1e-9;
const DEAD = 1e-12;

async function main(): Promise<void> {
  const { values } = parseCli(
    { structures: { type: 'string' }, family: { type: 'string' } },
    USAGE,
  );
  const structures = intFlag('structures', values.structures, 1, 100000) ?? 1000;
  const family = (values.family ?? 'random') as CircuitFamily;
  console.log(
    `family ${family}, ${structures} structures per size, structure seeds 1…${structures}`,
  );
  console.log(
    '| qubits | L | with a dead angle | missed by the rule alone | dead angles | live angles | live, no shift change | dead, a shift change | max ∂ dead | min ∂ live | max shift Δ dead | min shift Δ live |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  let failures = 0;
  for (const qubits of [4, 9]) {
    for (const depth of [1, 2, 3]) {
      let withDead = 0;
      let missed = 0;
      let deadAngles = 0;
      let liveAngles = 0;
      let liveUnchanged = 0;
      let deadChanged = 0;
      let maxDerivDead = 0;
      let minDerivLive = Infinity;
      let maxShiftDead = 0;
      let minShiftLive = Infinity;
      for (let seed = 1; seed <= structures; seed++) {
        const program = compileCircuit({ family, qubits, depth, structureSeed: seed });
        const dead = deadParameters(program);
        const structural = structurallyDeadParameters(program);
        const deriv = largestReadoutDerivatives(program, DEAD_CHECK_POINTS);
        const shift = largestShiftChanges(program, 2, 0x5ca7 + seed);
        if (dead.some(Boolean)) withDead++;
        if (dead.some((d, p) => d && !structural[p])) missed++;
        dead.forEach((isDead, p) => {
          if (isDead) {
            deadAngles++;
            if (shift[p] >= DEAD) deadChanged++;
            maxShiftDead = Math.max(maxShiftDead, shift[p]);
            if (!structural[p]) maxDerivDead = Math.max(maxDerivDead, deriv[p]);
          } else {
            liveAngles++;
            if (shift[p] <= LIVE) liveUnchanged++;
            minShiftLive = Math.min(minShiftLive, shift[p]);
            minDerivLive = Math.min(minDerivLive, deriv[p]);
          }
        });
      }
      failures += liveUnchanged + deadChanged;
      const e = (v: number) => (Number.isFinite(v) ? v.toExponential(1) : '–');
      console.log(
        `| ${qubits} | ${depth} | ${withDead} | ${missed} | ${deadAngles} | ${liveAngles} | ${liveUnchanged} | ${deadChanged} | ${e(maxDerivDead)} | ${e(minDerivLive)} | ${e(maxShiftDead)} | ${e(minShiftLive)} |`,
      );
    }
  }
  console.log(
    failures === 0
      ? 'every angle marked live changes a readout under a shift; every angle marked dead changes none'
      : `${failures} angles disagree`,
  );
  if (failures > 0) process.exitCode = 1;
}

runCli(main);
