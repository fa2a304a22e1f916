import {
  accessibilityTable,
  type AccessibilityRow,
} from '../../model/accessibility/accessibilityTable';
import { formatEdgeList } from '../../model/config/configEdges';
import type { Edge } from '../../model/config/configSchema';
import { configCircuitWords } from './circuitWords';

/*
 * The guided tour (issue: teaching mode): five steps from one quanv layer to the placement of
 * residual connections, each of which sets up a configuration and runs it. The words follow
 * docs/model.md §1–§4; numbers that the model can compute (how many configurations give every layer
 * gradient) are computed here, not written down, so the text cannot drift from the analysis.
 */

/** Which part of the page a step points at; the page outlines it. */
export type TourFocus = 'circuit' | 'diagram' | 'gradient';

export interface TourStep {
  readonly id: string;
  readonly title: string;
  readonly paragraphs: readonly string[];
  /** The configuration the step runs, in the compact text form (canonical: tests check it). */
  readonly config: string;
  readonly focus: readonly TourFocus[];
  /** Whether the step opens the circuit drawing. */
  readonly showCircuit: boolean;
  /** Step 5 lets the user pick among these configurations of three layers. */
  readonly choices?: readonly TourChoice[];
}

export interface TourChoice {
  readonly config: string;
  readonly row: AccessibilityRow;
}

/**
 * Small runs, so that every step has its answer on the chart within seconds on any backend:
 * 160 training images in batches of 16 for 3 epochs, 30 steps.
 */
const TOUR_DATA = 'train=160;test=100;ep=3';

/** The canonical text form of a tour configuration (edges sorted, defaults left out). */
function tourConfig(layers: number, edges: readonly Edge[]): string {
  const kernels = Array.from({ length: layers }, () => 2).join(',');
  const e = edges.length > 0 ? `;e=${formatEdgeList(edges)}` : '';
  return `n=${layers};k=${kernels}${e};${TOUR_DATA}`;
}

/** Configurations of three layers without edges from X: those never change accessibility. */
export function threeLayerChoices(): TourChoice[] {
  return accessibilityTable(3, 'chained')
    .filter((row) => row.edges.every((e) => e.from > 0))
    .map((row) => ({ config: tourConfig(3, row.edges), row }));
}

function buildTour(): TourStep[] {
  const choices = threeLayerChoices();
  const full = choices.filter((c) => c.row.gradient.every(Boolean));
  const withX = accessibilityTable(3, 'chained');
  const fullWithX = withX.filter((row) => row.gradient.every(Boolean)).length;
  const example = full.find((c) => c.row.edges.length === 2) ?? full[0];
  const first = tourConfig(1, []);
  const circuit = configCircuitWords(first);
  return [
    {
      id: 'quanvolution',
      title: 'What a quanvolution is',
      paragraphs: [
        'A quanvolutional layer slides a 2×2 window over the 14×14 digit. The four pixels x0…x3 ' +
          `are encoded on four qubits as RY(π·x); a trainable ansatz follows, ${circuit.ansatz}. ` +
          'Each qubit’s ⟨Z⟩ becomes one output channel: Q1 turns the digit into four feature maps.',
        circuit.watch,
      ],
      config: first,
      focus: ['circuit'],
      showCircuit: true,
    },
    {
      id: 'stacking',
      title: 'Stacking trainable layers',
      paragraphs: [
        'Q2 reads Q1’s four maps: it encodes each window again as RY(π·x), runs its own trainable ' +
          'circuit on every channel and averages them. The head H, one dense layer, reads Q2’s maps.',
        'Both quanv layers are trainable. Do both learn? Look at the numbers on the nodes.',
      ],
      config: tourConfig(2, []),
      focus: ['diagram'],
      showCircuit: false,
    },
    {
      id: 'no-gradient',
      title: 'Why Q1 gets no gradient',
      paragraphs: [
        'Q1 runs flat in the hatched “no gradient” lane while Q2 and H learn. Q1’s output reaches ' +
          'the head only through Q2’s encoding: a measured value fed in as data, which ' +
          'backpropagation does not differentiate (the paper’s setting, “measured” gradients).',
        'So with trainable layers stacked, only the last quanv layer learns.',
      ],
      config: tourConfig(2, []),
      focus: ['gradient'],
      showCircuit: false,
    },
    {
      id: 'residual',
      title: 'Residual connections fix it',
      paragraphs: [
        'The residual connection O1+O2 (edge 1-2) adds Q1’s output to Q2’s before the head: ' +
          'h2 = O2 + O1. That path skips Q2’s encoding, so Q1’s gradient comes alive.',
        'The faded lines are the run before, without the connection. Drag from a node’s ● to a ' +
          'later ⊕ to try others.',
      ],
      config: tourConfig(2, [{ from: 1, to: 2 }]),
      focus: ['gradient', 'diagram'],
      showCircuit: false,
    },
    {
      id: 'placement',
      title: 'Where they must go',
      paragraphs: [
        'A layer learns only if a chain of residual edges carries its output to the head past ' +
          'every later encoding. Edges from X never help: X has no parameters.',
        `Of the ${choices.length} ways to connect Q1, Q2 and Q3, ${full.length} give every layer ` +
          `gradient (${fullWithX} of all ${withX.length}, edges from X included). Pick one to run it.`,
      ],
      config: example.config,
      focus: ['diagram', 'gradient'],
      showCircuit: false,
      choices,
    },
  ];
}

export const TOUR: readonly TourStep[] = buildTour();
