import { describe, expect, it } from 'vitest';
import {
  CONFIG_KEYS,
  DEFAULT_CONFIG,
  describeConfigErrors,
  validateConfig,
  type ConfigValues,
  type ExperimentConfig,
} from './config';

import { FIRST_SETTINGS, messages, ok } from './testing/configFixtures';

function accepted(raw: unknown): ExperimentConfig {
  return ok(validateConfig(raw));
}

describe('DEFAULT_CONFIG', () => {
  it('holds the defaults of docs/model.md §2', () => {
    expect({ ...DEFAULT_CONFIG }).toEqual({
      layers: [
        { kernel: 2, depth: 3, trainable: true, family: 'basic' },
        { kernel: 2, depth: 3, trainable: true, family: 'basic' },
      ],
      edges: [],
      ...FIRST_SETTINGS,
    });
  });

  it('has exactly the keys the validator accepts', () => {
    expect(Object.keys(DEFAULT_CONFIG).sort()).toEqual([...CONFIG_KEYS].sort());
  });

  it('is deeply frozen', () => {
    expect(Object.isFrozen(DEFAULT_CONFIG)).toBe(true);
    expect(Object.isFrozen(DEFAULT_CONFIG.layers)).toBe(true);
    expect(Object.isFrozen(DEFAULT_CONFIG.layers[0])).toBe(true);
    expect(Object.isFrozen(DEFAULT_CONFIG.edges)).toBe(true);
  });

  it('cannot be imitated, nor edited by spreading (type-level brand)', () => {
    const values: ConfigValues = DEFAULT_CONFIG;
    // @ts-expect-error: plain values, however complete, are not a validated configuration
    const plain: ExperimentConfig = values;
    // @ts-expect-error: an edited copy must go through validateConfig again
    const edited: ExperimentConfig = { ...DEFAULT_CONFIG, batchSize: 9999 };
    expect([plain, edited]).toHaveLength(2);
  });
});

describe('validateConfig: accepted input', () => {
  it('fills every missing setting with its default', () => {
    expect(accepted({})).toEqual(DEFAULT_CONFIG);
    expect(accepted({ trainSize: 100 }).layers).toEqual(DEFAULT_CONFIG.layers);
  });

  it('reads a layer without family or depth as ryrz at depth 1, not as the default circuit', () => {
    // An object layer (a file, window.resqunnLab.configure) saved before the default circuit
    // changed keeps its meaning.
    const partial = accepted({
      layers: [{ kernel: 3 }, {}, { depth: 2, trainable: false }, { family: 'basic' }],
    });
    expect(partial.layers).toEqual([
      { kernel: 3, depth: 1, trainable: true, family: 'ryrz' },
      { kernel: 2, depth: 1, trainable: true, family: 'ryrz' },
      { kernel: 2, depth: 2, trainable: false, family: 'ryrz' },
      { kernel: 2, depth: 1, trainable: true, family: 'basic' },
    ]);
    expect(partial.trainSize).toBe(500);
  });

  it('sorts edges into canonical order', () => {
    const config = accepted({
      edges: [
        { from: 1, to: 2 },
        { from: 0, to: 2 },
        { from: 0, to: 1 },
      ],
    });
    expect(config.edges).toEqual([
      { from: 0, to: 1 },
      { from: 0, to: 2 },
      { from: 1, to: 2 },
    ]);
  });

  it('accepts the limits themselves', () => {
    const config = accepted({
      layers: [{}, {}, {}, { kernel: 3, depth: 4 }],
      trainSize: 6630,
      testSize: 2000,
      batchSize: 512,
      learningRate: 1,
      epochs: 100,
      seed: 2 ** 31 - 1,
      stride: 3,
      tap: 'raw',
      semantics: 'exact',
      padding: 'same',
      model: 'classical',
    });
    expect(config.layers).toHaveLength(4);
    expect(accepted({ trainSize: 1, testSize: 1, batchSize: 1, seed: 0, layers: [{}] }).seed).toBe(
      0,
    );
  });

  it('round-trips through JSON, the file form', () => {
    const config = accepted({ edges: [{ from: 0, to: 2 }], model: 'frozen', learningRate: 0.003 });
    expect(accepted(JSON.parse(JSON.stringify(config)))).toEqual(config);
  });
});

describe('validateConfig: refusals name the facts', () => {
  it('refuses what is not an object', () => {
    expect(messages(validateConfig(null))[0]).toContain('must be an object');
    expect(messages(validateConfig([1]))[0]).toContain('got a list');
    expect(messages(validateConfig('n=2'))[0]).toContain("got 'n=2'");
  });

  it('reports unknown keys, suggesting the likely one', () => {
    const [message] = messages(validateConfig({ lerningRate: 0.1 }));
    expect(message).toBe("unknown setting 'lerningRate' (did you mean 'learningRate'?)");
    expect(messages(validateConfig({ colour: 'red' }))).toEqual(["unknown setting 'colour'"]);
    expect(messages(validateConfig({ layers: [{ kernal: 2 }, {}] }))[0]).toBe(
      "layer 1: unknown setting 'kernal' (did you mean 'kernel'?)",
    );
    expect(messages(validateConfig({ edges: [{ from: 0, to: 1, weight: 2 }] }))[0]).toContain(
      "unknown field 'weight'",
    );
  });

  it('checks the layer count', () => {
    expect(messages(validateConfig({ layers: [] }))).toEqual([
      'the network needs 1 to 4 quanv layers (got 0)',
    ]);
    expect(messages(validateConfig({ layers: [{}, {}, {}, {}, {}] }))[0]).toContain('(got 5)');
    expect(messages(validateConfig({ layers: 3 }))[0]).toContain('must be a list');
  });

  it('checks each layer', () => {
    const errors = messages(
      validateConfig({ layers: [{ kernel: 4 }, { depth: 7 }, { trainable: 1 }, { depth: 1.5 }] }),
    );
    expect(errors).toEqual([
      expect.stringMatching(/^layer 1: kernel 4 is not supported: use 2 .* or 3/),
      'layer 2: depth 7 is out of range (1..4)',
      'layer 3: trainable must be true or false (got 1)',
      'layer 4: depth must be a whole number from 1 to 4 (got 1.5)',
    ]);
    expect(messages(validateConfig({ layers: ['big', {}] }))[0]).toContain(
      "layer 1 must be an object with kernel, depth, trainable and family (got 'big')",
    );
  });

  it('refuses a backwards edge', () => {
    expect(messages(validateConfig({ edges: [{ from: 2, to: 1 }] }))).toEqual([
      'edge 2-1 points backwards: a residual connection must go forward',
    ]);
  });

  it('refuses an edge to a layer that does not exist', () => {
    expect(messages(validateConfig({ edges: [{ from: 1, to: 3 }] }))).toEqual([
      'edge 1-3 refers to Q3, but the network has only 2 quanv layers',
    ]);
    expect(messages(validateConfig({ layers: [{}], edges: [{ from: 0, to: 2 }] }))[0]).toContain(
      'only 1 quanv layer',
    );
  });

  it('refuses self-loops, duplicates and malformed edges', () => {
    expect(messages(validateConfig({ edges: [{ from: 1, to: 1 }] }))).toEqual([
      'a connection from Q1 to itself is not a residual connection',
    ]);
    const duplicate = messages(
      validateConfig({
        edges: [
          { from: 0, to: 1 },
          { from: 0, to: 1 },
        ],
      }),
    );
    expect(duplicate).toHaveLength(1);
    expect(duplicate[0]).toContain('duplicate edge 0-1');
    expect(messages(validateConfig({ edges: ['0-1'] }))[0]).toBe(
      "edge #1 must be an object {from, to} (got '0-1')",
    );
    expect(messages(validateConfig({ edges: [{ from: 0.5, to: 1 }] }))[0]).toBe(
      "edge #1: 'from' must be a whole node number (got 0.5)",
    );
    expect(messages(validateConfig({ edges: { from: 0, to: 1 } }))[0]).toContain(
      'edges must be a list',
    );
  });

  it('judges edges against the layer count even when a layer is wrong', () => {
    const errors = messages(
      validateConfig({ layers: [{ depth: 9 }, {}], edges: [{ from: 1, to: 3 }] }),
    );
    expect(errors).toHaveLength(2);
    expect(errors[1]).toContain('refers to Q3');
  });

  it('checks the choices', () => {
    expect(messages(validateConfig({ tap: 'Raw' }))).toEqual([
      "tap must be 'chained' or 'raw' (got 'Raw')",
    ]);
    expect(messages(validateConfig({ semantics: 1 }))[0]).toContain("'measured' or 'exact'");
    expect(messages(validateConfig({ padding: 'full' }))[0]).toContain("'same' or 'valid'");
    expect(messages(validateConfig({ model: 'qcnn' }))[0]).toBe(
      "model must be 'resqunn', 'frozen' or 'classical' (got 'qcnn')",
    );
  });

  it('checks the numeric ranges', () => {
    expect(messages(validateConfig({ stride: 4 }))).toEqual(['stride 4 is out of range (1..3)']);
    expect(messages(validateConfig({ trainSize: 9000 }))[0]).toContain(
      'training set size 9000 is out of range (1..6630)',
    );
    expect(messages(validateConfig({ testSize: 0 }))[0]).toContain(
      'test set size 0 is out of range (1..2000)',
    );
    expect(messages(validateConfig({ batchSize: 513, trainSize: 6630 }))).toEqual([
      'batch size 513 is out of range (1..512)',
    ]);
    expect(messages(validateConfig({ epochs: 0 }))).toEqual(['epochs 0 is out of range (1..100)']);
    expect(messages(validateConfig({ seed: -1 }))).toEqual([
      'seed -1 is out of range (0..2147483647)',
    ]);
    expect(messages(validateConfig({ seed: '7' }))).toEqual([
      "seed must be a whole number from 0 to 2147483647 (got '7')",
    ]);
  });

  it('checks the learning rate', () => {
    expect(messages(validateConfig({ learningRate: -1 }))).toEqual([
      'learning rate must be a positive number (got -1)',
    ]);
    expect(messages(validateConfig({ learningRate: 0 }))[0]).toContain('positive');
    expect(messages(validateConfig({ learningRate: NaN }))[0]).toContain('(got NaN)');
    expect(messages(validateConfig({ learningRate: 2 }))).toEqual([
      'learning rate 2 is too large (at most 1)',
    ]);
  });

  it('refuses a batch larger than the training set', () => {
    expect(messages(validateConfig({ batchSize: 400, trainSize: 300 }))).toEqual([
      'batch size 400 exceeds the training set (300)',
    ]);
    // …and says nothing about it when the sizes themselves are wrong.
    expect(messages(validateConfig({ batchSize: 400, trainSize: 9000 }))).toHaveLength(1);
  });

  it('refuses a network whose maps vanish under valid padding', () => {
    const raw = {
      layers: [{ kernel: 3 }, { kernel: 3 }, { kernel: 3 }],
      padding: 'valid',
      stride: 2,
    };
    expect(messages(validateConfig(raw))).toEqual([
      "layer 3: with 'valid' padding and stride 2 its input is only 2×2, smaller than its 3×3 window",
    ]);
    expect(validateConfig({ ...raw, stride: 1 }).ok).toBe(true);
    expect(validateConfig({ ...raw, padding: 'same', stride: 3 }).ok).toBe(true);
  });

  it('reports every problem at once', () => {
    const errors = messages(
      validateConfig({ tap: 'x', seed: -1, learningRate: 5, edges: [{ from: 2, to: 1 }] }),
    );
    expect(errors).toHaveLength(4);
    expect(
      describeConfigErrors([
        { path: 'a', message: 'one' },
        { path: 'b', message: 'two' },
      ]),
    ).toBe('one; two');
  });
});
