import { median } from './throughput';

/**
 * This machine's multiply-add peak for scalar JavaScript on one core, in GFLOP/s: a tight loop
 * of eight independent a = a·m + c chains (independent so that the adds' latency overlaps),
 * two flops each per iteration. The fused CPU kernel's share of it is how close it runs to what
 * this runtime can do at all.
 */
export function measurePeakGflops(repeats = 5): number {
  const iterations = 20_000_000;
  const rates: number[] = [];
  for (let r = 0; r < repeats; r++) {
    let a0 = 1,
      a1 = 2,
      a2 = 3,
      a3 = 4,
      a4 = 5,
      a5 = 6,
      a6 = 7,
      a7 = 8;
    const m = 0.9999999,
      c = 1e-7;
    const start = performance.now();
    for (let i = 0; i < iterations; i++) {
      a0 = a0 * m + c;
      a1 = a1 * m + c;
      a2 = a2 * m + c;
      a3 = a3 * m + c;
      a4 = a4 * m + c;
      a5 = a5 * m + c;
      a6 = a6 * m + c;
      a7 = a7 * m + c;
    }
    const seconds = (performance.now() - start) / 1000;
    // Keep the chains alive so the loop cannot be removed.
    if (a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 === 42) console.log('');
    rates.push((16 * iterations) / seconds / 1e9);
  }
  return median(rates);
}
