import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../util/prng';
import { DEFAULT_CONFIG, allEdgeSubsets, validateConfig, type ExperimentConfig } from './config';
import { formatConfigText, parseConfigText, parseConfigUrlCode } from './configText';

import { FIRST_SETTINGS, messages, ok } from './testing/configFixtures';

describe('formatConfigText', () => {
  it('writes n and k, then only what differs from what its absence means', () => {
    // The default circuit is not what a missing d or a means, so the default's text names it.
    expect(formatConfigText(DEFAULT_CONFIG)).toBe('n=2;k=2,2;d=3,3;a=basic,basic');
    const config = ok(
      validateConfig({
        edges: [
          { from: 1, to: 2 },
          { from: 0, to: 1 },
        ],
      }),
    );
    expect(formatConfigText(config)).toBe('n=2;k=2,2;d=3,3;a=basic,basic;e=0-1,1-2');
    const ryrz = ok(validateConfig({ layers: [{ family: 'ryrz', depth: 1 }, {}] }));
    expect(formatConfigText(ryrz)).toBe('n=2;k=2,2');
  });

  it('writes every setting when none is the default', () => {
    const config = ok(
      validateConfig({
        layers: [
          { kernel: 3, depth: 2, trainable: false },
          { kernel: 2, depth: 4, trainable: true },
          { kernel: 3, depth: 1, trainable: true },
        ],
        edges: [{ from: 0, to: 3 }],
        tap: 'raw',
        semantics: 'exact',
        model: 'frozen',
        stride: 2,
        padding: 'valid',
        trainSize: 1000,
        testSize: 100,
        batchSize: 32,
        learningRate: 0.001,
        epochs: 5,
        seed: 42,
      }),
    );
    expect(formatConfigText(config)).toBe(
      'n=3;k=3,2,3;d=2,4,1;t=0,1,1;e=0-3;tap=raw;sem=exact;m=frozen;s=2;p=valid;' +
        'train=1000;test=100;b=32;lr=0.001;ep=5;seed=42',
    );
  });
});

describe('circuit families (a=)', () => {
  it('leaves a out when every layer is ryrz, so old links and files keep their meaning', () => {
    expect(ok(parseConfigText('n=2;k=2,2')).layers.map((l) => l.family)).toEqual(['ryrz', 'ryrz']);
    const mixed = ok(parseConfigText('n=2;k=2,2;a=strong,random;e=1-2'));
    expect(mixed.layers.map((l) => l.family)).toEqual(['strong', 'random']);
    expect(formatConfigText(mixed)).toBe('n=2;k=2,2;a=strong,random;e=1-2');
    // PennyLane's RandomLayers has its own name, so a link saying `random` keeps its structure
    const pennylane = ok(parseConfigText('n=2;k=2,3;a=randomlayers,random'));
    expect(pennylane.layers.map((l) => l.family)).toEqual(['randomlayers', 'random']);
    expect(formatConfigText(pennylane)).toBe('n=2;k=2,3;a=randomlayers,random');
    expect(formatConfigText(ok(parseConfigText('a=ryrz,ryrz')))).toBe('n=2;k=2,2');
  });

  it('explains a bad family and a wrong count', () => {
    const bad = messages(parseConfigText('n=2;a=strong,hea'));
    expect(bad).toHaveLength(1);
    expect(bad[0]).toContain("layer 2: circuit family 'hea' is not one of");
    expect(bad[0]).toMatch(/ryrz.*basic.*strong.*random.*randomlayers/);
    expect(messages(parseConfigText('n=2;a=basic'))).toEqual(['a has 1 values but n=2']);
  });
});

describe('finite shots (shots=)', () => {
  it('is 0 (exact) unless given, written only when set, and bounded to 1…10⁶', () => {
    expect(DEFAULT_CONFIG.shots).toBe(0);
    const config = ok(parseConfigText('n=2;k=2,2;shots=1000'));
    expect(config.shots).toBe(1000);
    expect(formatConfigText(config)).toBe('n=2;k=2,2;shots=1000');
    expect(messages(parseConfigText('shots=2000000'))[0]).toContain(
      'shots 2000000 is out of range (0..1000000)',
    );
    expect(messages(parseConfigText('shots=1.5'))[0]).toContain('shots must be a whole number');
  });
});

describe('parseConfigText', () => {
  it('reads the short form and fills in the defaults', () => {
    const config = ok(parseConfigText('n=2;k=2,2;d=3,3;a=basic,basic;e=0-1,1-2'));
    expect(config).toEqual(
      ok(
        validateConfig({
          edges: [
            { from: 0, to: 1 },
            { from: 1, to: 2 },
          ],
        }),
      ),
    );
    expect(ok(parseConfigText(formatConfigText(DEFAULT_CONFIG)))).toEqual(DEFAULT_CONFIG);
    expect(ok(parseConfigText('n=2;k=2,2;d=3,3;a=basic,basic;e=;'))).toEqual(DEFAULT_CONFIG);
  });

  it('gives an old link its meaning of then, written out here so that no default can move it', () => {
    // Every key a link may leave out, as it meant when links were first shared. A change of any
    // default that alters this changes what saved links mean: give that key a fixed absent
    // meaning instead (as IMPLICIT_CIRCUIT does for a= and d=).
    expect({ ...ok(parseConfigText('n=2;k=2,2')) }).toEqual({
      layers: [
        { kernel: 2, depth: 1, trainable: true, family: 'ryrz' },
        { kernel: 2, depth: 1, trainable: true, family: 'ryrz' },
      ],
      edges: [],
      ...FIRST_SETTINGS,
    });
  });

  it('reads text without a= or d= as ryrz at depth 1, whatever the default circuit', () => {
    // Links, files and CLI strings written before the default changed carry neither key.
    const ryrz = ok(validateConfig({ layers: [{ family: 'ryrz', depth: 1 }, {}] }));
    for (const text of ['', 'e=', 'n=2', 'n=2;k=2,2', 'k=2,2;e=;']) {
      expect(ok(parseConfigText(text))).toEqual(ryrz);
    }
    const old = ok(parseConfigText('n=3;k=2,2,3;e=1-2;ep=2'));
    expect(old.layers.map((l) => [l.family, l.depth])).toEqual([
      ['ryrz', 1],
      ['ryrz', 1],
      ['ryrz', 1],
    ]);
    expect(old.epochs).toBe(2);
    // a= alone keeps depth 1 and d= alone keeps ryrz.
    expect(ok(parseConfigText('n=2;a=basic,basic')).layers[0]).toMatchObject({
      family: 'basic',
      depth: 1,
    });
    expect(ok(parseConfigText('n=2;d=3,3')).layers[1]).toMatchObject({ family: 'ryrz', depth: 3 });
  });

  it('takes keys in any order, with spaces, and infers n from a list', () => {
    const config = ok(parseConfigText(' lr = 0.5 ; e = 1-3 , 0-1 ; k = 3,3,3 ; tap=raw'));
    expect(config.layers.map((l) => l.kernel)).toEqual([3, 3, 3]);
    expect(config.edges).toEqual([
      { from: 0, to: 1 },
      { from: 1, to: 3 },
    ]);
    expect(config.learningRate).toBe(0.5);
    expect(config.tap).toBe('raw');
  });

  it('defaults each per-layer list on its own', () => {
    const config = ok(parseConfigText('n=3;t=1,0,1'));
    expect(config.layers).toEqual([
      { kernel: 2, depth: 1, trainable: true, family: 'ryrz' },
      { kernel: 2, depth: 1, trainable: false, family: 'ryrz' },
      { kernel: 2, depth: 1, trainable: true, family: 'ryrz' },
    ]);
  });

  it('names the offending part of the text', () => {
    expect(messages(parseConfigText('n=2;foo=1'))).toEqual(["unknown key 'foo'"]);
    expect(messages(parseConfigText('n=2;sed=3'))).toEqual([
      "unknown key 'sed' (did you mean 'seed'?)",
    ]);
    expect(messages(parseConfigText('n=2;k=2,2,3'))).toEqual(['k has 3 values but n=2']);
    expect(messages(parseConfigText('k=2,2,3;d=1,1'))).toEqual(['d has 2 values but k has 3']);
    expect(messages(parseConfigText('n=2;n=3'))).toEqual(["key 'n' appears twice"]);
    expect(messages(parseConfigText('n=2;raw'))).toEqual([
      "part 'raw' is not of the form key=value",
    ]);
    expect(messages(parseConfigText('n=7'))).toEqual([
      'n=7 is not a layer count: the network has 1 to 4 quanv layers',
    ]);
    expect(messages(parseConfigText('n=two'))[0]).toContain('n=two is not a layer count');
    expect(messages(parseConfigText('n=2;k='))).toEqual([
      'k is empty: give one value per quanv layer',
    ]);
    expect(messages(parseConfigText('n=2;t=1,yes'))).toEqual([
      "t: 'yes' for layer 2 must be 1 (trainable) or 0 (frozen)",
    ]);
    expect(messages(parseConfigText('n=2;e=0-1,1>2'))).toEqual([
      "edge '1>2' is not of the form from-to (e.g. 0-1)",
    ]);
  });

  it('words the rules exactly as validateConfig does', () => {
    expect(messages(parseConfigText('n=2;k=2,2;e=2-1'))).toEqual([
      'edge 2-1 points backwards: a residual connection must go forward',
    ]);
    expect(messages(parseConfigText('n=2;k=2,2;e=1-3'))).toEqual([
      'edge 1-3 refers to Q3, but the network has only 2 quanv layers',
    ]);
    expect(messages(parseConfigText('n=2;e=0-1,0-1'))[0]).toContain('duplicate edge 0-1');
    expect(messages(parseConfigText('n=2;d=1,7'))).toEqual([
      'layer 2: depth 7 is out of range (1..4)',
    ]);
    expect(messages(parseConfigText('lr=-1'))).toEqual([
      'learning rate must be a positive number (got -1)',
    ]);
    expect(messages(parseConfigText('lr=fast'))).toEqual([
      "learning rate must be a positive number (got 'fast')",
    ]);
    expect(messages(parseConfigText('lr=Infinity'))[0]).toContain("(got 'Infinity')");
    expect(messages(parseConfigText('b=600;train=500'))).toEqual([
      'batch size 600 is out of range (1..512)',
    ]);
    expect(messages(parseConfigText('b=400;train=300'))).toEqual([
      'batch size 400 exceeds the training set (300)',
    ]);
    expect(messages(parseConfigText('k=2,4'))[0]).toContain('layer 2: kernel 4 is not supported');
    expect(messages(parseConfigText('tap=resnet'))[0]).toContain("tap must be 'chained' or 'raw'");
  });
});

const SUBSETS = [1, 2, 3, 4].map(allEdgeSubsets);

/** A random valid configuration: every setting drawn over its whole range. */
function randomConfig(random: () => number): ExperimentConfig | null {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const n = int(1, 4);
  const trainSize = int(1, 6630);
  const result = validateConfig({
    layers: Array.from({ length: n }, () => ({
      kernel: pick([2, 3]),
      depth: int(1, 4),
      trainable: random() < 0.7,
      family: pick(['ryrz', 'ryrz', 'basic', 'strong', 'random']),
    })),
    edges: pick(SUBSETS[n - 1]),
    tap: pick(['chained', 'raw']),
    semantics: pick(['measured', 'exact']),
    model: pick(['resqunn', 'frozen', 'classical']),
    stride: int(1, 3),
    padding: pick(['same', 'valid']),
    trainSize: random() < 0.3 ? 500 : trainSize,
    testSize: int(1, 2000),
    batchSize: int(1, Math.min(512, trainSize)),
    // Whole doubles, tiny ones and round ones: String() must carry all of them.
    learningRate: pick([1, 0.01, 1e-7, 1 - random(), random() * 1e-5]),
    epochs: int(1, 100),
    seed: int(0, 2 ** 31 - 1),
    shots: pick([0, 0, 1, 1000, 1_000_000]),
  });
  // `valid` padding with stride > 1 can make a deep network's maps vanish: those are refused.
  return result.ok ? result.config : null;
}

describe('text form round trip', () => {
  it('parse(format(c)) = c and format(parse(t)) = t on many generated configurations', () => {
    const random = mulberry32(20240214);
    let checked = 0;
    for (let i = 0; i < 3000; i++) {
      const config = randomConfig(random);
      if (!config) continue;
      const text = formatConfigText(config);
      expect(ok(parseConfigText(text))).toEqual(config);
      expect(formatConfigText(ok(parseConfigText(text)))).toBe(text);
      checked++;
    }
    expect(checked).toBeGreaterThan(2000);
  });

  it('uses only characters a URL carries unescaped', () => {
    const random = mulberry32(7);
    for (let i = 0; i < 500; i++) {
      const config = randomConfig(random);
      if (config) expect(formatConfigText(config)).toMatch(/^[a-z0-9=;,.-]+$/);
    }
  });
});

describe('parseConfigUrlCode', () => {
  it('reads the text whether or not it was percent-encoded', () => {
    const text = 'n=3;k=2,2,3;e=0-1,1-3;lr=0.005';
    const config = ok(parseConfigText(text));
    expect(ok(parseConfigUrlCode(text))).toEqual(config);
    expect(ok(parseConfigUrlCode(encodeURIComponent(text)))).toEqual(config);
  });

  it('reports a broken escape', () => {
    expect(messages(parseConfigUrlCode('n=2%3'))[0]).toContain('broken %-escape');
  });
});

describe('the dataset key', () => {
  it('names a user dataset by name and hash, round trips, and is left out for MNIST', () => {
    const config = ok(parseConfigText('n=1;k=2;data=fashion-mnist.1a2b3c4d;train=30000'));
    expect(config.dataset).toBe('fashion-mnist.1a2b3c4d');
    expect(config.trainSize).toBe(30000);
    expect(formatConfigText(config)).toMatch(/;data=fashion-mnist\.1a2b3c4d/);
    expect(formatConfigText(config)).toMatch(/^[a-z0-9=;,.-]+$/);
    expect(ok(parseConfigText(formatConfigText(config)))).toEqual(config);
    expect(formatConfigText(ok(parseConfigText('n=1;k=2;data=mnist')))).not.toMatch(/data=/);
  });

  it('refuses a malformed dataset and MNIST sizes past the built-in split', () => {
    const bad = parseConfigText('n=1;k=2;data=Fashion@12');
    expect(bad.ok).toBe(false);
    if (!bad.ok)
      expect(bad.errors[0].message).toMatch(/dataset must be 'mnist' .* \(got 'Fashion@12'\)/);
    expect(parseConfigText('n=1;k=2;train=30000').ok).toBe(false);
  });
});
