import type { FigureSettings } from './plan';

/* manifest.json: every file the figures command wrote, with its configurations and seed. */

export interface ManifestFile {
  readonly file: string;
  readonly format: 'svg' | 'png' | 'csv' | 'json';
  /** The kind of figure (a … e), absent for data files. */
  readonly figure?: string;
  readonly title: string;
  readonly width?: number;
  readonly height?: number;
  readonly scale?: number;
  readonly configurations: readonly string[];
  readonly seed: number;
}

const MANIFEST_FORMAT = 'resqunn-figures';
const MANIFEST_VERSION = 1;

/** The manifest's text: no timestamps or machine names, so the same flags give the same bytes. */
export function manifestJson(
  settings: FigureSettings,
  backend: string,
  scale: number,
  files: readonly ManifestFile[],
): string {
  const manifest = {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    generator: 'npm run figures',
    settings: { ...settings, pngScale: scale, backend: backend.split(' ')[0] },
    figures: {
      a: 'gradient accessibility of every configuration: predicted and measured',
      b: 'gradient norm per layer and step',
      c: 'test accuracy per configuration',
      d: 'trainable quanv layers beside the benchmark models (frozen, classical)',
      e: '4-qubit (2×2) against 9-qubit (3×3) layers',
    },
    files,
  };
  return `${JSON.stringify(manifest, null, 1)}\n`;
}
