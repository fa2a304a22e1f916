/*
 * The constants of the float32-exact cos/sin, shared by the tfjs-op version (trig.ts) and the
 * WGSL one generated from them (wgsl/trig.ts), so the two cannot drift apart. Why and how the
 * reduction works is explained in trig.ts.
 */

/** π/2 in three float32 parts (Cody–Waite): k·HALF_PI_1 and x − k·HALF_PI_1 exact for |k| < 2¹⁶. */
export const HALF_PI_1 = 1.5703125; // 8 significant bits
export const HALF_PI_2 = 4.837512969970703125e-4; // 11 bits
export const HALF_PI_3 = Math.fround(Math.PI / 2 - HALF_PI_1 - HALF_PI_2); // ≈ 7.55·10⁻⁸

/** sin r = r + r·r²·(SIN_TAIL in powers of r²), degree 9. */
export const SIN_TAIL: readonly number[] = [-1 / 6, 1 / 120, -1 / 5040, 1 / 362880];
/** cos r = COS in powers of r², degree 10. */
export const COS: readonly number[] = [1, -1 / 2, 1 / 24, -1 / 720, 1 / 40320, -1 / 3628800];
