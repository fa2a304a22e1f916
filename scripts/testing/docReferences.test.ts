import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/*
 * Docs that cannot drift silently: every section the code cites (`docs/model.md §6`,
 * `docs/architecture.md, "One training step"`, `README, "Where things are"`) exists, and every
 * file path the docs and the folder READMEs name exists. A moved file or a renamed heading
 * fails here instead of leaving a reader at a dead end.
 */

const root = fileURLToPath(new URL('../../', import.meta.url));
const tracked = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], {
  cwd: root,
  encoding: 'utf8',
})
  .split('\n')
  .filter(Boolean)
  .filter((f) => existsSync(path.join(root, f)));

const self = 'scripts/testing/docReferences.test.ts';
const codeFiles = tracked.filter(
  (f) => /^(src|scripts|e2e)\//.test(f) && /\.(ts|tsx|mjs|js)$/.test(f) && f !== self,
);
const codeAndConfig = [...codeFiles, 'eslint.config.js', 'vite.config.ts'];
const docFiles = tracked.filter(
  (f) => (f.startsWith('docs/') && f.endsWith('.md')) || /^src\/[^/]+\/README\.md$/.test(f),
);

/** A heading's number (`## §6 Circuit families` → 6) and its title without the number. */
function headings(doc: string): { numbers: Set<number>; titles: Set<string> } {
  const numbers = new Set<number>();
  const titles = new Set<string>();
  for (const line of readFileSync(path.join(root, doc), 'utf8').split('\n')) {
    const m = /^#{1,6}\s+(?:§(\d+)\s+)?(.+?)\s*$/.exec(line);
    if (!m) continue;
    if (m[1]) numbers.add(Number(m[1]));
    titles.add(m[2]);
  }
  return { numbers, titles };
}

interface Citation {
  readonly file: string;
  readonly doc: string;
  readonly sections: number[];
  readonly title?: string;
}

/** Every `docs/x.md §a`, `§a–§b`, `§a–b`, `docs/x.md, "Title"` and `README, "Title"` in a file. */
function citations(file: string): Citation[] {
  const text = readFileSync(path.join(root, file), 'utf8');
  const found: Citation[] = [];
  const pattern =
    /(docs\/[\w/.-]+\.md|README(?:\.md)?)(?:\s*(§\d+(?:\s*[–-]\s*§?\d+)?)|,\s*(?:\*\s*)?"([^"]+)")?/g;
  for (const m of text.matchAll(pattern)) {
    const doc = m[1].startsWith('README') ? 'README.md' : m[1];
    const sections: number[] = [];
    if (m[2]) {
      const [a, b] = m[2].replace(/§/g, '').split(/[–-]/).map(Number);
      for (let n = a; n <= (b ?? a); n++) sections.push(n);
    }
    found.push({ file, doc, sections, ...(m[3] ? { title: m[3] } : {}) });
  }
  return found;
}

/** Paths a Markdown file names: in backticks or as link targets, relative or from the root. */
function namedPaths(doc: string): string[] {
  const text = readFileSync(path.join(root, doc), 'utf8');
  const candidates = [
    ...[...text.matchAll(/`([^`\s]+)`/g)].map((m) => m[1]),
    ...[...text.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)].map((m) => m[1]),
  ];
  return candidates.filter(
    (c) =>
      !/^[a-z]+:/.test(c) &&
      /\.(ts|tsx|mjs|js|md|json|css|sh|html|py)$|\/$/.test(c) &&
      /^(\.{1,2}\/|src\/|scripts\/|e2e\/|docs\/|public\/|[\w.-]+\/)/.test(c) &&
      !c.includes('*') &&
      !/[<>{}$]/.test(c),
  );
}

function pathExists(doc: string, named: string): boolean {
  const clean = named.replace(/\/$/, '');
  const candidates = [path.join(root, path.dirname(doc), clean), path.join(root, clean)];
  return candidates.some((p) => existsSync(p));
}

describe('docs stay true', () => {
  it('finds citations to check (the scan itself works)', () => {
    const all = codeAndConfig.flatMap(citations);
    expect(all.filter((c) => c.sections.length > 0).length).toBeGreaterThan(20);
    expect(all.some((c) => c.title !== undefined)).toBe(true);
    expect(all.some((c) => c.doc === 'docs/model.md' && c.sections.includes(6))).toBe(true);
    expect(docFiles).toContain('docs/architecture.md');
    expect(docFiles).toContain('src/sim/README.md');
  });

  it('every docs file and section the code cites exists', () => {
    const missing: string[] = [];
    for (const c of codeAndConfig.flatMap(citations)) {
      if (!existsSync(path.join(root, c.doc))) {
        missing.push(`${c.file}: ${c.doc} does not exist`);
        continue;
      }
      const { numbers, titles } = headings(c.doc);
      for (const n of c.sections) {
        if (!numbers.has(n)) missing.push(`${c.file}: ${c.doc} has no section §${n}`);
      }
      if (c.title && !titles.has(c.title)) {
        missing.push(`${c.file}: ${c.doc} has no section titled "${c.title}"`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every file path named in docs/ and in the folder READMEs exists', () => {
    const missing: string[] = [];
    for (const doc of docFiles) {
      for (const named of namedPaths(doc)) {
        if (!pathExists(doc, named)) missing.push(`${doc}: ${named}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every folder of src/ has a README', () => {
    const folders = new Set(
      tracked.filter((f) => /^src\/[^/]+\//.test(f)).map((f) => f.split('/')[1]),
    );
    const without = [...folders].filter((d) => !existsSync(path.join(root, 'src', d, 'README.md')));
    expect(without).toEqual([]);
  });
});
