import { describe, expect, it } from 'vitest';
import { configSeed, configSlug, exportFilename, safeToken } from './filenames';

describe('configSlug', () => {
  it('turns the text form into a file-name slug', () => {
    expect(configSlug('n=2;k=2,2;e=1-2')).toBe('n2-k2-2-e1-2');
    expect(configSlug('n=3;k=2,2,2;e=0-1,1-3;tap=raw')).toBe('n3-k2-2-2-e0-1-1-3-tapraw');
  });

  it('leaves the seed out and writes decimal points as p', () => {
    expect(configSlug('n=2;k=2,2;lr=0.005;seed=7')).toBe('n2-k2-2-lr0p005');
  });

  it('keeps only safe characters', () => {
    expect(configSlug('n=2;k=2,2;e=../../etc')).toMatch(/^[a-z0-9-]+$/);
    expect(configSlug('')).toBe('config');
    expect(configSlug(';;')).toBe('config');
  });

  it('cuts long slugs and keeps them distinct with a hash', () => {
    const a = `n=4;k=3,3,3,3;d=4,4,4,4;e=0-1,0-2,0-3,0-4,1-2,1-3,1-4,2-3,2-4,3-4;train=6000`;
    const b = a.replace('6000', '6001');
    expect(configSlug(a).length).toBeLessThanOrEqual(80);
    expect(configSlug(a)).not.toBe(configSlug(b));
    expect(configSlug(a)).toMatch(/^[a-z0-9-]+$/);
  });
});

describe('configSeed', () => {
  it('reads the seed, 1 when it is not written', () => {
    expect(configSeed('n=2;k=2,2;seed=42')).toBe(42);
    expect(configSeed('seed=3;n=2')).toBe(3);
    expect(configSeed('n=2;k=2,2')).toBe(1);
  });
});

describe('exportFilename', () => {
  it('says what the file holds', () => {
    expect(exportFilename({ subject: 'gradnorms', config: 'n=2;k=2,2;e=1-2', ext: 'svg' })).toBe(
      'resqunn_gradnorms_n2-k2-2-e1-2_seed1.svg',
    );
    expect(
      exportFilename({ subject: 'loss', config: 'n=2;k=2,2;seed=5', ext: 'png', scale: 4 }),
    ).toBe('resqunn_loss_n2-k2-2_seed5_4x.png');
    expect(
      exportFilename({ subject: 'steps', config: 'n=1;k=3', ext: 'csv', variant: 'run 3' }),
    ).toBe('resqunn_steps_n1-k3_seed1_run-3.csv');
  });

  it('makes free words safe', () => {
    expect(safeToken('Grad/Norms!')).toBe('grad-norms');
    expect(safeToken('???')).toBe('x');
  });
});
