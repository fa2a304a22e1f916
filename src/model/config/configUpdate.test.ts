import { describe, expect, it } from 'vitest';
import {
  CONFIG_LIMITS,
  DEFAULT_CONFIG,
  toConfigInput,
  validateConfig,
  withDataset,
  withEdge,
  withLayer,
  withLayerCount,
  withoutEdge,
  withSettings,
  type ConfigResult,
} from './config';

import { ok } from './testing/configFixtures';

function refusal(result: ConfigResult): string {
  if (result.ok) throw new Error('expected a refusal');
  return result.errors.map((e) => e.message).join('; ');
}

describe('configuration edits', () => {
  it('toConfigInput is a plain copy the validator turns back into the same configuration', () => {
    const config = ok(validateConfig({ edges: [{ from: 1, to: 2 }], seed: 9 }));
    const input = toConfigInput(config);
    expect(Object.isFrozen(input.layers)).toBe(false);
    expect(ok(validateConfig(input))).toEqual(config);
  });

  it('withEdge adds an edge in canonical order, or says why not', () => {
    const one = ok(withEdge(DEFAULT_CONFIG, { from: 1, to: 2 }));
    const two = ok(withEdge(one, { from: 0, to: 1 }));
    expect(two.edges).toEqual([
      { from: 0, to: 1 },
      { from: 1, to: 2 },
    ]);
    expect(refusal(withEdge(two, { from: 0, to: 1 }))).toContain('duplicate edge 0-1');
    expect(refusal(withEdge(two, { from: 2, to: 1 }))).toContain('points backwards');
    expect(DEFAULT_CONFIG.edges).toEqual([]); // the original is untouched
  });

  it('withoutEdge removes an edge; an absent edge is no error', () => {
    const two = ok(
      validateConfig({
        edges: [
          { from: 0, to: 1 },
          { from: 1, to: 2 },
        ],
      }),
    );
    expect(ok(withoutEdge(two, { from: 0, to: 1 })).edges).toEqual([{ from: 1, to: 2 }]);
    expect(ok(withoutEdge(two, { from: 0, to: 2 }))).toEqual(two);
  });

  it('withLayerCount copies the last layer and drops edges that no longer fit', () => {
    const base = ok(
      validateConfig({
        layers: [{ kernel: 2 }, { kernel: 3, depth: 2 }],
        edges: [
          { from: 0, to: 1 },
          { from: 1, to: 2 },
        ],
      }),
    );
    const three = ok(withLayerCount(base, 3));
    expect(three.layers[2]).toEqual({ kernel: 3, depth: 2, trainable: true, family: 'ryrz' });
    expect(three.edges).toEqual(base.edges);
    const one = ok(withLayerCount(three, 1));
    expect(one.layers).toEqual([{ kernel: 2, depth: 1, trainable: true, family: 'ryrz' }]);
    expect(one.edges).toEqual([{ from: 0, to: 1 }]);
    expect(refusal(withLayerCount(base, 5))).toBe('the network needs 1 to 4 quanv layers (got 5)');
    expect(refusal(withLayerCount(base, 2.5))).toContain('(got 2.5)');
  });

  it('withLayer changes one layer', () => {
    const config = ok(withLayer(DEFAULT_CONFIG, 1, { kernel: 3, trainable: false }));
    expect(config.layers[1]).toEqual({ kernel: 3, depth: 3, trainable: false, family: 'basic' });
    expect(config.layers[0]).toEqual(DEFAULT_CONFIG.layers[0]);
    expect(refusal(withLayer(DEFAULT_CONFIG, 0, { depth: 5 as 4 }))).toBe(
      'layer 1: depth 5 is out of range (1..4)',
    );
    expect(refusal(withLayer(DEFAULT_CONFIG, 2, {}))).toContain('there is no layer 3');
  });

  it('withSettings re-validates the whole configuration', () => {
    expect(ok(withSettings(DEFAULT_CONFIG, { tap: 'raw', epochs: 3 })).epochs).toBe(3);
    expect(refusal(withSettings(DEFAULT_CONFIG, { batchSize: 64, trainSize: 32 }))).toBe(
      'batch size 64 exceeds the training set (32)',
    );
  });
});

describe('the dataset survives every edit', () => {
  it('withSettings keeps a user dataset (dropping it would train on MNIST instead)', async () => {
    const { parseConfigText } = await import('./configText');
    const parsed = parseConfigText('n=1;k=2;train=20;data=tiny.0123abcd');
    if (!parsed.ok) throw new Error('parse');
    const edited = withSettings(parsed.config, { seed: 5 });
    expect(edited.ok && edited.config.dataset).toBe('tiny.0123abcd');
  });
});

describe('withDataset', () => {
  const big = ok(validateConfig({ dataset: 'tiny.0123abcd', trainSize: 50_000, batchSize: 64 }));

  it('back to MNIST: the sizes within the built-in split', () => {
    const mnist = ok(withDataset(big, 'mnist'));
    expect(mnist.dataset).toBe('mnist');
    expect(mnist.trainSize).toBe(CONFIG_LIMITS.trainSize.max);
    expect(mnist.batchSize).toBe(64);
  });

  it('a user’s dataset of known counts: the sizes and the batch within them', () => {
    const small = ok(withDataset(DEFAULT_CONFIG, 'tiny.0123abcd', { train: 10, test: 5 }));
    expect([small.dataset, small.trainSize, small.testSize, small.batchSize]).toEqual([
      'tiny.0123abcd',
      10,
      5,
      10,
    ]);
  });

  it('a user’s dataset of unknown counts: the sizes are kept (the run checks them)', () => {
    const other = ok(withDataset(big, 'other.89abcdef'));
    expect([other.dataset, other.trainSize, other.batchSize]).toEqual([
      'other.89abcdef',
      50_000,
      64,
    ]);
  });
});
