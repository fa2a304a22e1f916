/*
 * Exact Binomial(S, p) draws for finite shots (docs/model.md §6), in WebAssembly: the host side
 * of assembly/shotDraws.ts, which says how a draw is made (a table of grid CDFs, then a rarely
 * needed second-chance draw). Here: the seeded stream, the tables (once per S) and the memory.
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

/** Grid CDF entries a table may hold (1 MiB of u32): S ≤ 100 gets G = 2048. */
const MAX_TABLE_ENTRIES = 1 << 18;
/** Starting points per row (assembly/shotDraws.ts's GUIDE_BITS). */
const GUIDE = 64;
/** A row's entries past S + 1: the walk reads four at a time. */
const PAD = 3;
/** Values per call into the module: its memory stays small whatever a layer's size. */
const CHUNK = 1 << 15;

/**
 * The grid G for S shots: a power of two near 16·S (then the second-chance draw is needed for
 * ≈ S/(2G) ≈ 3% of draws), smaller where its G/2 + 1 rows of S + 1 entries would not fit; 0 (no
 * table) where not even G = 2 fits.
 */
export function gridFor(shots: number): number {
  let g = 2;
  while (g < 16 * shots) g *= 2;
  while (g >= 2 && (g / 2 + 1) * (shots + 1) > MAX_TABLE_ENTRIES) g /= 2;
  return g >= 2 ? g : 0;
}

/** The module's tables for one S: ln k!, the grid's CDF rows and their guides. */
function buildTables(shots: number, grid: number) {
  const n = shots;
  const logFactorials = Float64Array.from({ length: n + 1 }, (_, k) => logGamma(k + 1));
  const estimates = Float32Array.from({ length: n + 1 }, (_, k) => 1 - (2 * k) / n);
  const rows = grid > 0 ? grid / 2 + 1 : 0;
  const width = n + 1 + PAD;
  const cdf = new Uint32Array(rows * width);
  const guide = new Uint16Array(rows * GUIDE);
  for (let a = 0; a < rows; a++) {
    const p = a / grid;
    const at = a * width;
    const f = new Float64Array(n + 1);
    let sum = 0;
    for (let k = 0; k < n; k++) {
      const pmf =
        a === 0
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
      f[k] = sum;
      // u₁ = U/2³² < F exactly when U < ⌈F·2³²⌉, i.e. when U does not pass ⌈F·2³²⌉ − 1 (F = 0,
      // a tail below every guide, is never read).
      cdf[at + k] = Math.min(2 ** 32 - 1, Math.max(0, Math.ceil(sum * 2 ** 32) - 1));
    }
    // No U passes these, so the walk up a row always stops.
    cdf.fill(2 ** 32 - 1, at + n, at + width);
    f[n] = 2;
    let k = 0;
    for (let b = 0; b < GUIDE; b++) {
      while (f[k] <= b / GUIDE) k++;
      guide[a * GUIDE + b] = k;
    }
  }
  const stretch = Float64Array.from({ length: rows }, (_, a) => 1 / (1 - a / grid));
  return { logFactorials, cdf, guide, estimates, stretch };
}

class ShotDraws {
  private readonly k: DrawExports;
  private readonly base: number;
  private shots = -1;
  private grid = 0;
  private at = {
    logFactorials: 0,
    cdf: 0,
    guide: 0,
    estimates: 0,
    stretch: 0,
    z: 0,
    out: 0,
    spread: 0,
  };

  constructor() {
    const module = new WebAssembly.Module(decodeBase64(shotDrawsWasmBase64) as BufferSource);
    this.k = new WebAssembly.Instance(module, {}).exports as unknown as DrawExports;
    this.base = align(this.k.heapBase());
  }

  private useShots(shots: number): void {
    if (shots === this.shots) return;
    const grid = gridFor(shots);
    const tables = buildTables(shots, grid);
    const [logFactorials, cdf, guide, estimates, stretch, z, out, spread] = regionOffsets(
      this.k.memory,
      this.base,
      [
        tables.logFactorials.byteLength,
        tables.cdf.byteLength,
        tables.guide.byteLength,
        tables.estimates.byteLength,
        tables.stretch.byteLength,
        CHUNK * 4,
        CHUNK * 4,
        CHUNK * 4,
      ],
    );
    const buffer = this.k.memory.buffer;
    new Float64Array(buffer, logFactorials, shots + 1).set(tables.logFactorials);
    new Uint32Array(buffer, cdf, tables.cdf.length).set(tables.cdf);
    new Uint16Array(buffer, guide, tables.guide.length).set(tables.guide);
    new Float32Array(buffer, estimates, shots + 1).set(tables.estimates);
    new Float64Array(buffer, stretch, tables.stretch.length).set(tables.stretch);
    this.at = { logFactorials, cdf, guide, estimates, stretch, z, out, spread };
    this.shots = shots;
    this.grid = grid;
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
        at.cdf,
        at.guide,
        at.logFactorials,
        at.estimates,
        at.stretch,
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
