import { describe, expect, it } from 'vitest';
import {
  addShotEstimates,
  aliasBits,
  aliasRow,
  gridFor,
  shotEstimates,
  shotStream,
} from './binomial';
import { logGamma } from '../../util/logGamma';
import { mulberry32 } from '../../util/prng';

/** The ⟨Z⟩ whose draws are Binomial(n, p), and the p they are drawn at (z is a float32). */
function atP(p: number): { z: number; p: number } {
  const z = Math.fround(1 - 2 * p);
  return { z, p: (1 - z) / 2 };
}

/** `count` draws of Binomial(n, p) (the number of ones behind each estimate). */
function draws(n: number, p: number, count: number, seed: number): number[] {
  const z = new Float32Array(count).fill(atP(p).z);
  return Array.from(shotEstimates(z, n, shotStream(seed)), (e) => Math.round(((1 - e) * n) / 2));
}

function pmf(n: number, p: number, k: number): number {
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  const log =
    logGamma(n + 1) -
    logGamma(k + 1) -
    logGamma(n - k + 1) +
    k * Math.log(p) +
    (n - k) * Math.log1p(-p);
  return Math.exp(log);
}

/**
 * Pearson's χ² of the draws against Binomial(n, p), tails merged until each bin expects ≥ 10,
 * and the 1e-4 critical value for its degrees of freedom (Wilson–Hilferty).
 */
function chiSquare(n: number, p: number, ks: number[]): { chi2: number; critical: number } {
  const seen = new Array<number>(n + 1).fill(0);
  for (const k of ks) seen[k]++;
  const bins: { expected: number; seen: number }[] = [];
  let open = { expected: 0, seen: 0 };
  for (let k = 0; k <= n; k++) {
    open.expected += pmf(n, p, k) * ks.length;
    open.seen += seen[k];
    if (open.expected >= 10) {
      bins.push(open);
      open = { expected: 0, seen: 0 };
    }
  }
  // What is left (the upper tail) joins the last bin.
  bins[bins.length - 1].expected += open.expected;
  bins[bins.length - 1].seen += open.seen;
  const chi2 = bins.reduce((s, b) => s + (b.seen - b.expected) ** 2 / b.expected, 0);
  const df = bins.length - 1;
  const z = 3.72; // one-sided 1e-4
  const critical = df * (1 - 2 / (9 * df) + z * Math.sqrt(2 / (9 * df))) ** 3;
  return { chi2, critical };
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: readonly number[]) => {
  const m = mean(xs);
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
};

describe('binomial draws (shotEstimates)', () => {
  it.each([
    [1, 0.3],
    [10, 0.5],
    [100, 0.37],
    [1000, 0.02],
    [1000, 0.97],
    [1_000_000, 0.4],
  ])('n = %i, p = %f: mean n·p within 4 SE, variance n·p·(1−p) within 10%%', (n, p0) => {
    const { p } = atP(p0);
    const ks = draws(n, p0, 4000, n + Math.round(p0 * 1000));
    expect(ks.every((k) => Number.isInteger(k) && k >= 0 && k <= n)).toBe(true);
    const sd = Math.sqrt(n * p * (1 - p));
    expect(Math.abs(mean(ks) - n * p)).toBeLessThan((4 * sd) / Math.sqrt(ks.length));
    expect(variance(ks) / (sd * sd)).toBeGreaterThan(0.9);
    expect(variance(ks) / (sd * sd)).toBeLessThan(1.1);
  });

  // p on both sides of 1/2 (drawn as n − k at 1 − p), on a grid point, just above and just
  // below one (the second-chance draw's r at 0 and at its largest), and small n, the default,
  // the alias tables' 128 and 256 buckets (n = 127, 128), a coarse grid (n = 1000) and none
  // (n = 10⁶ is drawn outward from its mode alone).
  it.each([
    [6, 0.35],
    [100, 0.25],
    [100, 0.75],
    [100, 0.2505],
    [100, 0.2495],
    [100, 0.5],
    [100, 0.013],
    [100, 0.999],
    [127, 0.3],
    [128, 0.61],
    [1000, 0.3],
    [1000, 0.7001],
    [1_000_000, 0.31],
  ])('n = %i, p = %f: the counts pass χ² against the exact pmf (1e-4 level)', (n, p0) => {
    const { p } = atP(p0);
    const ks = draws(n, p0, 40_000, 7 + n);
    const { chi2, critical } = chiSquare(n, p, ks);
    expect(chi2).toBeLessThan(critical);
  });

  it('is exact at the edges: p = 0 gives 0 ones, p = 1 gives n', () => {
    expect(draws(100, 0, 50, 1).every((k) => k === 0)).toBe(true);
    expect(draws(100, 1, 50, 1).every((k) => k === 100)).toBe(true);
    // Values a little outside [−1, 1] (float32 rounding) are read as the nearest edge.
    const out = shotEstimates(Float32Array.of(1.0000001, -1.0000001), 100, shotStream(2));
    expect(Array.from(out)).toEqual([1, -1]);
  });

  it('estimates are multiples of 2/S in [−1, 1], float32 of 1 − 2k/S', () => {
    const z = Float32Array.from({ length: 2000 }, mulberry32(4)).map((v) => 2 * v - 1);
    for (const shots of [3, 100, 777]) {
      const out = shotEstimates(z, shots, shotStream(5));
      for (const e of out) {
        const k = Math.round(((1 - e) * shots) / 2);
        expect(e).toBe(Math.fround(1 - (2 * k) / shots));
      }
    }
  });

  it('reads mulberry32 (src/util/prng.ts): two uniforms a draw, the first deciding on a grid point', () => {
    // S = 1 at p = 1/4, a grid point (r = 0), by the alias table of two buckets: u₁ < 1/2 is
    // all 0 (3/4 > 1/2 of the mass), u₁ ≥ 1/2 keeps its own 1 for its first 1/4 and gives the
    // rest to 0. One shot reads 1 exactly when 1/2 ≤ u₁ < 3/4.
    const stream = shotStream(123);
    const out = shotEstimates(new Float32Array(1000).fill(0.5), 1, stream);
    const random = mulberry32(123);
    const expected = Array.from({ length: 1000 }, () => {
      const u1 = random();
      random();
      return u1 >= 0.5 && u1 < 0.75 ? -1 : 1;
    });
    expect(Array.from(out)).toEqual(expected);
    // The stream is left after its 2000 uniforms: mulberry32's state then.
    expect(stream.state).toBe((123 + Math.imul(2000, 0x6d2b79f5)) >>> 0);
  });

  it.each([
    [1, 0.25],
    [6, 0.35],
    [100, 0.5],
    [100, 3 / 2048],
    [127, 0.3],
    [1000, 0.125],
  ])('alias rows hold the pmf to 2⁻³² exactly: n = %i, p = %f', (n, p) => {
    const bits = aliasBits(n);
    expect(2 ** bits).toBeGreaterThanOrEqual(n + 1);
    expect(2 ** (bits - 1)).toBeLessThan(n + 1);
    const logFactorials = Float64Array.from({ length: n + 1 }, (_, k) => logGamma(k + 1));
    const row = aliasRow(n, p, bits, logFactorials);
    // Parts of 2³² per k: a bucket's kept parts to itself, the rest to its alias.
    const capacity = 2 ** (32 - bits);
    const parts = new Array<number>(2 ** bits).fill(0);
    row.forEach((entry, j) => {
      const kept = Math.floor(entry / 2 ** bits);
      parts[j] += kept;
      parts[entry % 2 ** bits] += capacity - kept;
    });
    let sum = 0;
    let below = 0;
    for (let k = 0; k <= n; k++) {
      sum += pmf(n, p, k);
      const upTo = k === n ? 2 ** 32 : Math.min(2 ** 32, Math.ceil(sum * 2 ** 32));
      expect(parts[k]).toBe(upTo - below);
      below = upTo;
    }
    expect(parts.slice(n + 1).every((v) => v === 0)).toBe(true);
  });

  it('is seeded: the same seed gives the same draws, another seed others', () => {
    const z = Float32Array.from({ length: 5000 }, mulberry32(8)).map((v) => 2 * v - 1);
    const a = shotEstimates(z, 100, shotStream(1));
    expect(shotEstimates(z, 100, shotStream(1))).toEqual(a);
    const b = shotEstimates(z, 100, shotStream(2));
    expect(b.filter((v, i) => v !== a[i]).length).toBeGreaterThan(z.length / 2);
  });

  it('draws the same however the values are split into calls (the module works in chunks)', () => {
    const z = Float32Array.from({ length: 100_000 }, mulberry32(9)).map((v) => 2 * v - 1);
    const whole = shotEstimates(z, 100, shotStream(3));
    const stream = shotStream(3);
    const parts = [0, 1, 7, 32_768, 32_769, 70_000, 100_000];
    const split = new Float32Array(z.length);
    for (let i = 0; i + 1 < parts.length; i++)
      shotEstimates(z.subarray(parts[i], parts[i + 1]), 100, stream, split.subarray(parts[i]));
    expect(split).toEqual(whole);
  });

  it('draws four at a time exactly as one at a time (the SIMD blocks and the loop after them)', () => {
    // Values one per call run the module's one-at-a-time loop only; one call runs blocks of four.
    const z = Float32Array.from({ length: 4003 }, mulberry32(15)).map((v, i) =>
      i % 7 === 0 ? [1, -1, 0, 1.0000001, -1.0000001, 0.5, -0.5][(i / 7) % 7] : 2 * v - 1,
    );
    const start = Float32Array.from({ length: z.length }, mulberry32(16));
    for (const shots of [1, 7, 100, 1000]) {
      const whole = start.slice();
      const into = start.map((v) => v / 3);
      addShotEstimates(z, shots, shotStream(17), whole, 0.6, { into, weight: 1.5 });
      const [single, singleInto] = [start.slice(), start.map((v) => v / 3)];
      const stream = shotStream(17);
      for (let i = 0; i < z.length; i++) {
        const spread = { into: singleInto.subarray(i, i + 1), weight: 1.5 };
        addShotEstimates(
          z.subarray(i, i + 1),
          shots,
          stream,
          single.subarray(i, i + 1),
          0.6,
          spread,
        );
      }
      expect(whole).toEqual(single);
      expect(into).toEqual(singleInto);
      expect(stream.state).toBe((17 + Math.imul(2 * z.length, 0x6d2b79f5)) >>> 0);
    }
  });

  it('draws the same whatever S the draws before it used (its tables are per S)', () => {
    const z = Float32Array.from({ length: 300 }, mulberry32(11)).map((v) => 2 * v - 1);
    const alone = (n: number) => shotEstimates(z, n, shotStream(n));
    const [tens, thousands] = [alone(10), alone(1000)];
    const [s10, s1000] = [shotStream(10), shotStream(1000)];
    const a = new Float32Array(z.length);
    const b = new Float32Array(z.length);
    for (let i = 0; i < z.length; i++) {
      shotEstimates(z.subarray(i, i + 1), 10, s10, a.subarray(i, i + 1));
      shotEstimates(z.subarray(i, i + 1), 1000, s1000, b.subarray(i, i + 1));
    }
    expect(a).toEqual(tens);
    expect(b).toEqual(thousands);
    expect(new Set(thousands).size).toBeGreaterThan(50);
  });

  it('addShotEstimates adds weight × the same estimates, each sum rounded to float32 once', () => {
    const z = Float32Array.from({ length: 40_000 }, mulberry32(12)).map((v) => 2 * v - 1);
    const start = Float32Array.from({ length: z.length }, mulberry32(13));
    const weight = (Math.SQRT2 + 1) / (2 * Math.SQRT2);
    const estimates = shotEstimates(z, 100, shotStream(14));
    const sum = start.slice();
    addShotEstimates(z, 100, shotStream(14), sum, -weight);
    expect(sum).toEqual(start.map((s, i) => s - weight * estimates[i]));
    // With a spread: the same draws, and weight·(1 − z²) added beside them.
    const [again, spread] = [start.slice(), start.map((v) => v / 2)];
    const into = spread.slice();
    addShotEstimates(z, 100, shotStream(14), again, -weight, { into, weight: 0.3 });
    expect(again).toEqual(sum);
    expect(into).toEqual(spread.map((v, i) => v + 0.3 * (1 - z[i] * z[i])));
  });

  it('grids: 16·S rounded up to a power of two, coarser where the table would pass 1 MiB', () => {
    expect(gridFor(1)).toBe(16);
    expect(gridFor(100)).toBe(2048);
    expect(gridFor(1000)).toBe(512);
    expect(gridFor(100_000)).toBe(2);
    expect(gridFor(1_000_000)).toBe(0);
  });

  it('refuses a shot count that is not a whole number ≥ 1', () => {
    expect(() => shotEstimates(new Float32Array(1), 0, shotStream(1))).toThrow(/whole number ≥ 1/);
    expect(() => shotEstimates(new Float32Array(1), 2.5, shotStream(1))).toThrow(/not 2.5/);
  });
});
