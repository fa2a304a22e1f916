import { describe, expect, it } from 'vitest';
import { batchIndices, batchesPerEpoch, epochOrder } from './batches';
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
  it('visits every image once per epoch, the last batch wrapping to the start of the order', () => {
    const order = epochOrder(50, 1, 0);
    const count = batchesPerEpoch(50, 16);
    expect(count).toBe(4);
    const epoch = Array.from({ length: count }, (_, b) => [...batchIndices(order, b, 16)]);
    expect(epoch.map((b) => b.length)).toEqual([16, 16, 16, 16]);
    const seen = new Set(epoch.flat());
    expect([...seen].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    // The last batch: the order's last 2 images, then its first 14 again.
    expect(epoch[3]).toEqual([...order.subarray(48), ...order.subarray(0, 14)]);
  });

  it('is reproducible from seed and epoch, and differs between epochs and seeds', () => {
    expect([...epochOrder(100, 1, 3)]).toEqual([...epochOrder(100, 1, 3)]);
    expect([...epochOrder(100, 1, 3)]).not.toEqual([...epochOrder(100, 1, 4)]);
    expect([...epochOrder(100, 1, 3)]).not.toEqual([...epochOrder(100, 2, 3)]);
    const a = batchIndices(epochOrder(30, 5, 2), 1, 8);
    const b = batchIndices(epochOrder(30, 5, 2), 1, 8);
    expect(a).toEqual(b);
  });

  it('rejects a bad batch size', () => {
    expect(() => batchesPerEpoch(10, 0)).toThrow(RangeError);
  });
});
