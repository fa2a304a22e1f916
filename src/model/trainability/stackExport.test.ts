import { describe, expect, it } from 'vitest';
import { stackCsv, stackJson } from './stackExport';
import { validateStackSettings } from './stackSettings';
import type { StackRow } from './stackStudy';

const row: StackRow = {
  curve: 'yours',
  label: 'yours (1-2)',
  edges: '1-2',
  layer: 1,
  samples: 3,
  median: 0.5,
  q1: 0.25,
  q3: 0.75,
};

function settings(base: string) {
  const r = validateStackSettings({ layers: 2, edges: '1-2', base });
  if (!r.ok) throw new Error(r.errors.join());
  return r.settings;
}

describe('stack exports', () => {
  it('name the data in every CSV row and in the JSON', () => {
    const mine = settings('n=2;k=2,2;data=tiny3.0a1b2c3d');
    const lines = stackCsv(mine, [row, { ...row, layer: 2 }])
      .trim()
      .split('\n');
    expect(lines[0]).toBe('stack,label,edges,layer,samples,median,q1,q3,dataset');
    expect(lines.slice(1)).toEqual([
      'yours,"yours (1-2)","1-2",1,3,0.5,0.25,0.75,tiny3.0a1b2c3d',
      'yours,"yours (1-2)","1-2",2,3,0.5,0.25,0.75,tiny3.0a1b2c3d',
    ]);
    expect(stackJson(mine, [row], [[[0.5]]]).dataset).toBe('tiny3.0a1b2c3d');
    expect(stackJson(settings('n=2;k=2,2'), [row], []).dataset).toBe('mnist');
  });
});
