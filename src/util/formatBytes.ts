const UNITS = [
  [2 ** 30, 'GiB'],
  [2 ** 20, 'MiB'],
  [2 ** 10, 'KiB'],
] as const;

/**
 * A byte count as a message shows it: "256 MiB", "1.5 GiB", "12 bytes" (the largest binary unit
 * it fills, one decimal where it is not whole).
 */
export function formatBytes(bytes: number): string {
  for (const [size, unit] of UNITS)
    if (bytes >= size) return `${(bytes / size).toFixed(bytes % size ? 1 : 0)} ${unit}`;
  return `${bytes} bytes`;
}
