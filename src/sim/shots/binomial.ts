/*
 * Exact Binomial(S, p) draws for finite shots (docs/model.md §6), in WebAssembly: the host side
 * of assembly/shotDraws.ts, which says how a draw is made (alias tables at grid points, then a
 * second-chance draw that is nearly always 0). Here: the seeded stream, the tables (once per S)
 * and the memory.
 * One instance per thread; the numbers depend on the stream and the values alone, not on how the
 * values are split into calls.
 */
import { decodeBase64 } from '../../util/base64';
import { logGamma } from '../../util/logGamma';
import { align, regionOffsets } from '../cpu/wasmMemory';
import { shotDrawsWasmBase64 } from './shotDrawsWasm.generated';

/**
 * A seeded stream of draws: mulberry32's (src/util/prng.ts) state, the same uniforms that
 * `mulberry32(seed)` gives, two per draw. Advanced by every draw made from it.
 */
export interface ShotStream {
  state: number;
}

export function shotStream(seed: number): ShotStream {
  return { state: seed >>> 0 };
}

interface DrawExports {
  readonly memory: WebAssembly.Memory;
  heapBase(): number;
  drawEstimates(...args: number[]): void;
  streamState(): number;
}

/** Grid rows × (S + 1) entries a table may hold (1 MiB of u32): S ≤ 100 gets G = 2048. */
const MAX_TABLE_ENTRIES = 1 << 18;
/** Values per call into the module: its memory stays small whatever a layer's size. */
const CHUNK = 1 << 15;

/**
 * The grid G for S shots: a power of two near 16·S (then the second-chance draw is nonzero for
 * ≈ S/(2G) ≈ 3% of draws), smaller where its G/2 + 1 rows of S + 1 entries would not fit; 0 (no
 * table) where not even G = 2 fits. (The alias rows hold 2^bits ≥ S + 1 entries: under twice.)
 */
export function gridFor(shots: number): number {
  let g = 2;
  while (g < 16 * shots) g *= 2;
  while (g >= 2 && (g / 2 + 1) * (shots + 1) > MAX_TABLE_ENTRIES) g /= 2;
  return g >= 2 ? g : 0;
}

/** The bits of an alias bucket's index for S shots: 2^bits ≥ S + 1 buckets. */
export function aliasBits(shots: number): number {
  return Math.max(1, Math.ceil(Math.log2(shots + 1)));
}

/**
 * Binomial(n, p)'s alias table over 2^bits buckets of 2^(32 − bits) parts each (u32 entries:
 * the parts of its bucket that keep their own k, above `bits` bits of the alias that gets the
 * rest). The probabilities are the pmf's rounded as the CDF: P(k) = ⌈F(k)·2³²⌉ − ⌈F(k − 1)·2³²⌉
 * parts of 2³² (F(n) = 1), as exact integers, so a bucket table holds them exactly (Walker's
 * construction, Vose's pairing of a small with a large bucket).
 */
export function aliasRow(
  n: number,
  p: number,
  bits: number,
  logFactorials: Float64Array,
): Uint32Array {
  const buckets = 2 ** bits;
  const capacity = 2 ** (32 - bits);
  const parts = new Float64Array(buckets);
  let sum = 0;
  let below = 0;
  for (let k = 0; k <= n; k++) {
    const pmf =
      p === 0
        ? k === 0
          ? 1
          : 0
        : Math.exp(
            logFactorials[n] -
              logFactorials[k] -
              logFactorials[n - k] +
              k * Math.log(p) +
              (n - k) * Math.log1p(-p),
          );
    sum += pmf;
    const upTo = k === n ? 2 ** 32 : Math.min(2 ** 32, Math.ceil(sum * 2 ** 32));
    parts[k] = upTo - below;
    below = upTo;
  }
  const row = new Uint32Array(buckets);
  // Two stacks in one array: small buckets from the start, large ones from the end.
  const stack = new Int32Array(buckets);
  let [small, large] = [0, buckets];
  parts.forEach((v, k) => (v < capacity ? (stack[small++] = k) : (stack[--large] = k)));
  while (small > 0 && large < buckets) {
    const s = stack[--small];
    const l = stack[large++];
    row[s] = parts[s] * buckets + l;
    parts[l] -= capacity - parts[s];
    if (parts[l] < capacity) stack[small++] = l;
    else stack[--large] = l;
  }
  // Full buckets (integers: none is left part-full) keep nothing and alias themselves.
  for (let i = 0; i < small; i++) row[stack[i]] = stack[i];
  for (let i = large; i < buckets; i++) row[stack[i]] = stack[i];
  return row;
}

/** The module's tables for one S: ln k!, the grid's alias rows and the estimates. */
function buildTables(shots: number, grid: number) {
  const n = shots;
  const logFactorials = Float64Array.from({ length: n + 1 }, (_, k) => logGamma(k + 1));
  const estimates = Float32Array.from({ length: n + 1 }, (_, k) => 1 - (2 * k) / n);
  const rows = grid > 0 ? grid / 2 + 1 : 0;
  const bits = aliasBits(n);
  const alias = new Uint32Array(rows * 2 ** bits);
  for (let a = 0; a < rows; a++)
    alias.set(aliasRow(n, a / grid, bits, logFactorials), a * 2 ** bits);
  return { logFactorials, alias, bits, estimates };
}

let compiled: WebAssembly.Module | null = null;

/** The shots module (assembly/shotDraws.ts and what it exports), compiled once per thread. */
export function shotsModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(decodeBase64(shotDrawsWasmBase64) as BufferSource);
  return compiled;
}

class ShotDraws {
  private readonly k: DrawExports;
  private readonly base: number;
  private shots = -1;
  private grid = 0;
  private bits = 0;
  private at = {
    logFactorials: 0,
    alias: 0,
    estimates: 0,
    z: 0,
    out: 0,
    spread: 0,
  };

  constructor() {
    this.k = new WebAssembly.Instance(shotsModule(), {}).exports as unknown as DrawExports;
    this.base = align(this.k.heapBase());
  }

  private useShots(shots: number): void {
    if (shots === this.shots) return;
    const grid = gridFor(shots);
    const tables = buildTables(shots, grid);
    const [logFactorials, alias, estimates, z, out, spread] = regionOffsets(
      this.k.memory,
      this.base,
      [
        tables.logFactorials.byteLength,
        tables.alias.byteLength,
        tables.estimates.byteLength,
        CHUNK * 4,
        CHUNK * 4,
        CHUNK * 4,
      ],
    );
    const buffer = this.k.memory.buffer;
    new Float64Array(buffer, logFactorials, shots + 1).set(tables.logFactorials);
    new Uint32Array(buffer, alias, tables.alias.length).set(tables.alias);
    new Float32Array(buffer, estimates, shots + 1).set(tables.estimates);
    this.at = { logFactorials, alias, estimates, z, out, spread };
    this.shots = shots;
    this.grid = grid;
    this.bits = tables.bits;
  }

  estimates(
    z: Float32Array,
    shots: number,
    stream: ShotStream,
    out: Float32Array,
    weight: number | null,
    spread?: Spread,
  ): void {
    this.useShots(shots);
    const { at, k } = this;
    for (let from = 0; from < z.length; from += CHUNK) {
      const count = Math.min(CHUNK, z.length - from);
      new Float32Array(k.memory.buffer, at.z, count).set(z.subarray(from, from + count));
      if (weight !== null)
        new Float32Array(k.memory.buffer, at.out, count).set(out.subarray(from, from + count));
      if (spread)
        new Float32Array(k.memory.buffer, at.spread, count).set(
          spread.into.subarray(from, from + count),
        );
      k.drawEstimates(
        at.z,
        count,
        at.out,
        shots,
        this.grid,
        at.alias,
        this.bits,
        at.logFactorials,
        at.estimates,
        stream.state,
        weight !== null ? 1 : 0,
        weight ?? 0,
        spread ? at.spread : 0,
        spread?.weight ?? 0,
      );
      stream.state = k.streamState() >>> 0;
      out.set(new Float32Array(k.memory.buffer, at.out, count), from);
      if (spread) spread.into.set(new Float32Array(k.memory.buffer, at.spread, count), from);
    }
  }
}

let local: ShotDraws | null = null;

/**
 * ⟨Z⟩ estimated from `shots` measurements of each qubit: with p = (1 − ⟨Z⟩)/2 the chance of
 * reading 1, k ~ Binomial(shots, p) ones give the estimate 1 − 2k/shots (a float32). Per entry,
 * independent, in order from `stream`, into `out` (a new array by default).
 */
export function shotEstimates(
  z: Float32Array,
  shots: number,
  stream: ShotStream,
  out: Float32Array = new Float32Array(z.length),
): Float32Array {
  checkShots(shots);
  local ??= new ShotDraws();
  local.estimates(z, shots, stream, out, null);
  return out;
}

/** Where addShotEstimates also adds weight·(1 − z_i²) (S × the estimate's variance) per entry. */
export interface Spread {
  readonly into: Float32Array;
  readonly weight: number;
}

/**
 * `out[i] += weight · estimate_i` (each sum rounded to float32 once) for the estimates
 * shotEstimates would give: the same draws, added where they are used; with `spread`, also
 * `spread.into[i] += spread.weight · (1 − z_i²)`, the same way.
 */
export function addShotEstimates(
  z: Float32Array,
  shots: number,
  stream: ShotStream,
  out: Float32Array,
  weight: number,
  spread?: Spread,
): void {
  checkShots(shots);
  local ??= new ShotDraws();
  local.estimates(z, shots, stream, out, weight, spread);
}

function checkShots(shots: number): void {
  if (!Number.isInteger(shots) || shots < 1)
    throw new Error(`shots must be a whole number ≥ 1, not ${shots}`);
}
