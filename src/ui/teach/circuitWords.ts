import { parseConfigText } from '../../model/config/configText';
import { configPrograms } from '../../model/layerProgram';
import type { ExtendedProgram, RotationAxis } from '../../sim/circuit/circuitProgram';
import { deadParameters } from '../../sim/circuit/deadParameters';

/*
 * The tour's words about a circuit, read from the circuit itself: which rotations its ansatz
 * has, and which of their angles can move in training and which are dead (an RZ followed on its
 * qubit only by gates that commute with Z cannot change ⟨Z⟩). So the tour cannot say "watch θ
 * and φ move" over a circuit where every φ is dead.
 */

/** The symbol of each rotation axis, as the tour names the angles. */
const SYMBOL: Record<RotationAxis, string> = { x: 'α', y: 'θ', z: 'φ' };

const gateName = (axis: RotationAxis) => `R${axis.toUpperCase()}(${SYMBOL[axis]})`;

const list = (items: readonly string[]) =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;

export interface CircuitWords {
  /** "RY(θ) and RZ(φ) on every qubit and a ring of CNOTs". */
  readonly ansatz: string;
  /** "Watch θ move …; every φ is dead …": true of this circuit's live and dead angles. */
  readonly watch: string;
}

export function circuitWords(program: ExtendedProgram, layer: string): CircuitWords {
  const dead = deadParameters(program);
  const axes: RotationAxis[] = [];
  const live = new Map<RotationAxis, number>();
  const deadCount = new Map<RotationAxis, number>();
  let cnots = 0;
  for (const gate of program.gates) {
    if (gate.op === 'cnot') cnots += 1;
    if (gate.op !== 'rot') continue;
    if (!axes.includes(gate.axis)) axes.push(gate.axis);
    const counts = dead[gate.param] ? deadCount : live;
    counts.set(gate.axis, (counts.get(gate.axis) ?? 0) + 1);
  }
  const ansatz =
    `${list(axes.map(gateName))} on every qubit` + (cnots > 0 ? ' and a ring of CNOTs' : '');
  const moving = axes.filter((a) => (live.get(a) ?? 0) > 0).map((a) => SYMBOL[a]);
  const still = axes.filter((a) => (deadCount.get(a) ?? 0) > 0);
  const allDead = still.filter((a) => (live.get(a) ?? 0) === 0);
  const someDead = still.filter((a) => (live.get(a) ?? 0) > 0);
  const parts = [
    moving.length > 0
      ? `Watch ${list(moving)} move in the circuit as ${layer} trains, and the feature maps change on the right.`
      : `No angle of ${layer} can move: every one is dead.`,
  ];
  if (allDead.length > 0)
    parts.push(
      `Every ${list(allDead.map((a) => SYMBOL[a]))} stays where it started (drawn dotted): ` +
        'each is followed on its qubit only by gates that commute with Z, so it cannot change ⟨Z⟩ and gets no gradient.',
    );
  if (someDead.length > 0)
    parts.push(
      `Some ${list(someDead.map((a) => SYMBOL[a]))} angles are dead (drawn dotted) and stay put.`,
    );
  return { ansatz, watch: parts.join(' ') };
}

/** The words for layer `index` of a configuration text (a tour step's). */
export function configCircuitWords(config: string, index = 0): CircuitWords {
  const result = parseConfigText(config);
  if (!result.ok) throw new Error(`tour configuration ${config} is invalid`);
  return circuitWords(configPrograms(result.config)[index], `Q${index + 1}`);
}
