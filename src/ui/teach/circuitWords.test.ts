import { describe, expect, it } from 'vitest';
import { configCircuitWords } from './circuitWords';
import { TOUR } from './tourSteps';

describe('the tour’s words about a circuit', () => {
  it('ryrz at depth 1: θ moves, every φ is dead (an RZ before the last CNOT ring)', () => {
    const words = configCircuitWords('n=1;k=2;a=ryrz;d=1');
    expect(words.ansatz).toBe('RY(θ) and RZ(φ) on every qubit and a ring of CNOTs');
    expect(words.watch).toMatch(/^Watch θ move/);
    expect(words.watch).toContain('Every φ stays where it started');
  });

  it('ryrz at depth 2: the first layer’s φ live, the last layer’s dead', () => {
    const words = configCircuitWords('n=1;k=2;a=ryrz;d=2');
    expect(words.watch).toMatch(/^Watch θ and φ move/);
    expect(words.watch).toContain('Some φ angles are dead');
  });

  it('basic: RX only, every angle live, nothing said about dead ones', () => {
    const words = configCircuitWords('n=1;k=2;a=basic;d=3');
    expect(words.ansatz).toBe('RX(α) on every qubit and a ring of CNOTs');
    expect(words.watch).not.toContain('dead');
  });

  it('tour step 1 says of its own circuit what is true of it', () => {
    const text = TOUR[0].paragraphs.join(' ');
    const words = configCircuitWords(TOUR[0].config);
    expect(text).toContain(words.ansatz);
    expect(text).toContain(words.watch);
    expect(text).not.toContain('Watch θ and φ move');
  });
});
