import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const MANIFEST = fileURLToPath(
  new URL('../../docs/cluster/sweep-indexed-job.yaml', import.meta.url),
);
const text = readFileSync(MANIFEST, 'utf8');
const completions = Number(/^\s+completions: (\d+)/m.exec(text)?.[1]);

/** The shard container's command: the folded (`>-`) block under `args:`, lines joined by spaces. */
function shardCommand(): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === '- >-');
  const indent = (l: string) => l.length - l.trimStart().length;
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (indent(line) <= indent(lines[start])) break;
    body.push(line.trim());
  }
  return body.join(' ');
}

const bin = mkdtempSync(join(tmpdir(), 'rq-k8s-'));
afterAll(() => rmSync(bin, { recursive: true, force: true }));
writeFileSync(join(bin, 'npm'), '#!/bin/bash\necho "$*"\n', { mode: 0o755 });

describe('the Kubernetes Indexed Job example', () => {
  it('is an Indexed Job', () => {
    expect(text).toMatch(/^\s+completionMode: Indexed$/m);
    expect(completions).toBeGreaterThan(0);
  });
  it.each([0, 3])('pod %i runs shard index+1 of `completions`, under bash', (index) => {
    const r = spawnSync('bash', ['-c', shardCommand()], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, JOB_COMPLETION_INDEX: `${index}` },
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^run sweep -- --layers \d/);
    expect(r.stdout).toContain(`--shard ${index + 1}/${completions} --out /results/shards`);
  });
});
