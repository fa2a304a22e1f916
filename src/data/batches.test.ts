import { describe, expect, it } from 'vitest';
import { batches, batchesPerEpoch, epochOrder } from './batches';
import { classCounts, imageAt, takeFirst, type Digits } from './digits';

/** Image i is filled with the value i, so a batch shows which images it holds. */
function numbered(count: number): Digits {
  const images = new Float32Array(count * 4);
  for (let i = 0; i < count; i++) images.fill(i, i * 4, i * 4 + 4);
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 10);
  return { images, labels, count, height: 2, width: 2 };
}

describe('takeFirst', () => {
  it('copies the first n images', () => {
    const first = takeFirst(numbered(50), 20);
    expect(first.count).toBe(20);
    expect(first.images.length).toBe(80);
    expect([...imageAt(first, 19)]).toEqual([19, 19, 19, 19]);
    expect(classCounts(first.labels)).toEqual(Array(10).fill(2));
  });

  it('refuses more images than the set has', () => {
    expect(() => takeFirst(numbered(5), 6)).toThrow(/asked for 6 images, the set has 5/);
  });
});

describe('batches', () => {
  it('visits every image once per epoch, with a smaller last batch', () => {
    const digits = numbered(50);
    const epoch = batches(digits, 16, 1, 0);
    expect(epoch.map((b) => b.count)).toEqual([16, 16, 16, 2]);
    expect(batchesPerEpoch(50, 16)).toBe(4);
    const seen = epoch.flatMap((b) => Array.from({ length: b.count }, (_, i) => imageAt(b, i)[0]));
    expect(seen.sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    for (const batch of epoch) {
      for (let i = 0; i < batch.count; i++) expect(batch.labels[i]).toBe(imageAt(batch, i)[0] % 10);
    }
  });

  it('is reproducible from seed and epoch, and differs between epochs and seeds', () => {
    expect([...epochOrder(100, 1, 3)]).toEqual([...epochOrder(100, 1, 3)]);
    expect([...epochOrder(100, 1, 3)]).not.toEqual([...epochOrder(100, 1, 4)]);
    expect([...epochOrder(100, 1, 3)]).not.toEqual([...epochOrder(100, 2, 3)]);
    const a = batches(numbered(30), 8, 5, 2);
    const b = batches(numbered(30), 8, 5, 2);
    expect(a).toEqual(b);
  });

  it('rejects a bad batch size', () => {
    expect(() => batches(numbered(10), 0, 1, 0)).toThrow(RangeError);
  });
});
