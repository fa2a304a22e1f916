import type { ExtendedProgram } from '../circuit/circuitProgram';

/*
 * Parameter-shift rules (docs/model.md §6): ∂f/∂θ = Σ_t c_t·[f(θ + s_t) − f(θ − s_t)], exact for
 * any expectation value f when the rule fits the angle's gate.
 * - A rotation exp(−iθσ/2): generator eigenvalues ±1/2, so f = a + b·cos θ + c·sin θ and one
 *   term (s = π/2, c = 1/2) is exact.
 * - A controlled rotation P₁ ⊗ exp(−iθσ/2): eigenvalues 0, ±1/2, so f has the frequencies 1/2
 *   and 1: f = a + b₁cos(θ/2) + c₁sin(θ/2) + b₂cos θ + c₂sin θ. With A = −b₁sin(θ/2) + c₁cos(θ/2)
 *   and B = −b₂sin θ + c₂cos θ, f' = A/2 + B and f(θ + s) − f(θ − s) = 2sin(s/2)·A + 2sin(s)·B,
 *   which is √2·A + 2B at s = π/2 and √2·A − 2B at s = 3π/2. Solving for A/2 + B gives
 *   c₊ = (√2 + 1)/(4√2) at π/2 and −c₋ = −(√2 − 1)/(4√2) at 3π/2: four shifted circuits.
 */

/** One term of a shift rule: the coefficient of f(θ + shift) − f(θ − shift). */
export interface ShiftTerm {
  readonly shift: number;
  readonly coefficient: number;
}

export const TWO_TERM_RULE: readonly ShiftTerm[] = [{ shift: Math.PI / 2, coefficient: 1 / 2 }];

export const FOUR_TERM_RULE: readonly ShiftTerm[] = [
  { shift: Math.PI / 2, coefficient: (Math.SQRT2 + 1) / (4 * Math.SQRT2) },
  { shift: (3 * Math.PI) / 2, coefficient: -(Math.SQRT2 - 1) / (4 * Math.SQRT2) },
];

/**
 * The rule of every parameter of `program`: four terms for an angle a controlled rotation reads,
 * two for the others (an angle no gate reads, e.g. a dead one left out, gets the two-term rule).
 */
export function shiftRules(program: ExtendedProgram): (readonly ShiftTerm[])[] {
  const rules = Array.from({ length: program.paramCount }, () => TWO_TERM_RULE);
  for (const g of program.gates) if (g.op === 'crot') rules[g.param] = FOUR_TERM_RULE;
  return rules;
}

/** ∂f/∂θ at θ by `rule`, from values of f alone. */
export function shiftDerivative(
  f: (theta: number) => number,
  theta: number,
  rule: readonly ShiftTerm[],
): number {
  return rule.reduce((s, t) => s + t.coefficient * (f(theta + t.shift) - f(theta - t.shift)), 0);
}
