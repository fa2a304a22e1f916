import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelExport } from '../../src/model/export/exportModel';

/** Writes a model export's files into `dir` (created if missing); returns their paths. */
export function writeModelExport(dir: string, exported: ModelExport): string[] {
  mkdirSync(dir, { recursive: true });
  return exported.files.map((file) => {
    const path = join(dir, file.name);
    writeFileSync(path, file.data);
    return path;
  });
}
