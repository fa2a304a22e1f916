import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc32, zipStore } from './zipStore';

describe('zipStore', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it("writes an archive Python's zipfile reads back byte for byte", () => {
    const binary = Uint8Array.from({ length: 1000 }, (_, i) => (i * 37) % 256);
    const zip = zipStore(
      [
        { name: 'model.json', data: '{"a": "é"}\n' },
        { name: 'test.bin', data: binary },
      ],
      'model',
    );
    const dir = mkdtempSync(join(tmpdir(), 'zip-'));
    try {
      writeFileSync(join(dir, 'm.zip'), zip);
      const script =
        'import zipfile,sys\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\n' +
        'z.extractall(sys.argv[2])\nprint(",".join(z.namelist()))';
      const run = spawnSync('python3', ['-c', script, join(dir, 'm.zip'), dir], {
        encoding: 'utf8',
      });
      expect(run.stderr).toBe('');
      expect(run.stdout.trim()).toBe('model/model.json,model/test.bin');
      expect(readFileSync(join(dir, 'model', 'model.json'), 'utf8')).toBe('{"a": "é"}\n');
      expect(new Uint8Array(readFileSync(join(dir, 'model', 'test.bin')))).toEqual(binary);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
