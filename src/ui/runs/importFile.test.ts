import { describe, expect, it } from 'vitest';
import { emptyRunRecord } from '../../engine/runRecord';
import { DEFAULT_CONFIG } from '../../model/config/config';
import { formatConfigText, parseConfigText } from '../../model/config/configText';
import { checkFileSize, configFileJson, MAX_IMPORT_BYTES, readImport } from './importFile';

const run = () => {
  const r = emptyRunRecord(3, 'n=2;k=2,2;e=1-2', 'wasm');
  r.steps.push({
    step: 1,
    epoch: 1,
    loss: 2.3,
    batchAccuracy: 0.125,
    gradNorms: { Q1: 0.1, Q2: 0.2, H: 1 },
    millis: 4,
  });
  return r;
};

const refusal = (name: string, text: string) => {
  const result = readImport(name, text);
  return result.kind === 'refused' ? result.message : `not refused: ${result.kind}`;
};

describe('readImport', () => {
  it('reads a run, a list of runs and a configuration', () => {
    const one = readImport('run.json', JSON.stringify(run()));
    expect(one.kind === 'runs' && one.records.length).toBe(1);
    const many = readImport('runs.json', JSON.stringify([run(), run()]));
    expect(many.kind === 'runs' && many.records.length).toBe(2);
    const config = readImport('c.json', configFileJson('n=2;k=2,2;e=1-2'));
    expect(config).toEqual({ kind: 'config', text: 'n=2;k=2,2;e=1-2' });
    const objectForm = readImport(
      'c.json',
      JSON.stringify({
        format: 'resqunn-config',
        version: 1,
        config: { edges: [{ from: 1, to: 2 }] },
      }),
    );
    expect(objectForm).toEqual({ kind: 'config', text: 'n=2;k=2,2;e=1-2' });
  });

  it('keeps an old file ryrz at depth 1 and the default circuit in a new one', () => {
    // Files saved before the default circuit changed name neither family nor depth.
    const old = readImport('old.json', configFileJson('n=2;k=2,2;e=1-2'));
    expect(old.kind === 'config' && parseConfigText(old.text)).toMatchObject({
      ok: true,
      config: {
        layers: [
          { family: 'ryrz', depth: 1 },
          { family: 'ryrz', depth: 1 },
        ],
      },
    });
    const objectLayers = readImport(
      'o.json',
      JSON.stringify({ format: 'resqunn-config', version: 1, config: { layers: [{}, {}] } }),
    );
    expect(objectLayers).toEqual({ kind: 'config', text: 'n=2;k=2,2' });
    const saved = readImport('new.json', configFileJson(formatConfigText(DEFAULT_CONFIG)));
    expect(saved).toEqual({ kind: 'config', text: 'n=2;k=2,2;d=3,3;a=basic,basic' });
    const reread = saved.kind === 'config' && parseConfigText(saved.text);
    expect(reread && reread.ok && reread.config).toEqual(DEFAULT_CONFIG);
  });

  it('refuses malformed files, saying why and that nothing changed', () => {
    expect(refusal('a.json', '{"format": "resqunn-run",')).toMatch(
      /^a\.json was not imported: it is not valid JSON .*Nothing was changed\.$/,
    );
    expect(refusal('b.json', '{"hello": 1}')).toMatch(/neither a ResQuNN Lab run nor/);
    expect(refusal('c.json', '[]')).toMatch(/empty/);
    expect(refusal('d.json', JSON.stringify({ ...run(), steps: [{ step: 'one' }] }))).toMatch(
      /step 1: step is not a number/,
    );
    expect(
      refusal('e.json', JSON.stringify({ format: 'resqunn-config', version: 1, config: 'n=7' })),
    ).toMatch(/configuration is not valid/);
  });

  it('refuses a list if any run in it is bad (all or nothing)', () => {
    expect(refusal('f.json', JSON.stringify([run(), { ...run(), version: 'x' }]))).toMatch(
      /run 2 of 2/,
    );
  });

  it('refuses files from a newer version', () => {
    expect(refusal('g.json', JSON.stringify({ ...run(), version: 2 }))).toMatch(
      /newer version of ResQuNN Lab.*update the app/,
    );
    expect(
      refusal('h.json', JSON.stringify({ format: 'resqunn-config', version: 3, config: 'n=2' })),
    ).toMatch(/newer version/);
  });

  it('refuses huge files', () => {
    expect(checkFileSize('big.json', MAX_IMPORT_BYTES + 1)?.kind).toBe('refused');
    expect(checkFileSize('ok.json', 1000)).toBeNull();
    expect(refusal('big.json', ' '.repeat(MAX_IMPORT_BYTES + 1))).toMatch(/more than the 20 MB/);
  });

  it('reads a plain configuration text, as the address bar and the CLIs take it', () => {
    const plain = readImport('mine.txt', 'n=2;k=2,2;d=3,3;a=basic,basic;e=1-2\n');
    expect(plain).toEqual({ kind: 'config', text: 'n=2;k=2,2;d=3,3;a=basic,basic;e=1-2' });
    // One part a line, as someone may type it; and the text as a JSON string.
    expect(readImport('lines.txt', 'n=2\r\nk=2,2\ne=1-2\n')).toEqual({
      kind: 'config',
      text: 'n=2;k=2,2;e=1-2',
    });
    expect(readImport('s.json', JSON.stringify('n=1;k=3'))).toEqual({
      kind: 'config',
      text: 'n=1;k=3',
    });
  });

  it('refuses a bad configuration text naming the bad value, and what is not one', () => {
    expect(refusal('bad.txt', 'n=2;k=2,2;a=quantumfoo,basic')).toMatch(
      /^bad\.txt was not imported: its configuration is not valid: layer 1: circuit family 'quantumfoo' is not one of/,
    );
    expect(refusal('notes.txt', 'hello world')).toMatch(
      /neither a run or configuration file \(JSON\) nor a configuration text/,
    );
    expect(refusal('blank.txt', '  \n')).toMatch(/it is empty/);
  });
});
