import { describe, expect, it } from 'vitest';
import { meanOverChannels, spreadOverChannels } from './channelMean';
import { compileCircuit } from '../circuit/circuitProgram';
import { gatherWindows, windowSources, scatterWindows, type Padding } from './im2col';
import { mulberry32 } from '../../util/prng';
import {
  programExpectZ,
  programExpectZGradients,
  sourceExpectZ,
  sourceGradients,
} from '../cpu/simdKernel';
import { mapSource, rowsSource, sourceGroup, sourceRows, type MapShape } from './windowSource';
import { maxAbsDiff } from '../testing/maxAbsDiff';

/*
 * A feature map as the kernel's window source (the kernel gathers the windows, averages ⟨Z⟩ over
 * channels and shares the cotangent out again) against the same layer written the long way: the
 * windows gathered here by index map, the kernel on rows, the channel mean, its spread and the
 * scatter back onto the map in JavaScript. Shapes cover both kernels, strides 1–2, both
 * paddings, 1, 2, 3, 4 and 9 channels, and window counts that end in a partial lane group; and
 * each way the kernel walks a block's lanes (assembly/windows.ts): four channels of a position,
 * four positions of a row at stride 1 and 2, lanes that wrap a row, and edges that leave the map.
 */
const cases: { shape: MapShape; kernel: 2 | 3; stride: number; padding: Padding }[] = [
  { shape: [3, 5, 5, 1], kernel: 2, stride: 1, padding: 'same' },
  { shape: [3, 7, 5, 4], kernel: 2, stride: 2, padding: 'same' },
  { shape: [1, 6, 6, 3], kernel: 2, stride: 1, padding: 'valid' },
  { shape: [2, 5, 5, 9], kernel: 3, stride: 1, padding: 'same' },
  { shape: [1, 8, 7, 4], kernel: 3, stride: 2, padding: 'valid' },
  { shape: [2, 9, 10, 1], kernel: 3, stride: 2, padding: 'same' },
  { shape: [2, 7, 9, 1], kernel: 2, stride: 1, padding: 'same' },
  { shape: [1, 5, 5, 2], kernel: 2, stride: 1, padding: 'same' },
];

describe('a feature map as the kernel window source', () => {
  it.each(cases)('$shape, k = $kernel, stride $stride, $padding', (c) => {
    const qubits = c.kernel * c.kernel;
    const program = compileCircuit({ family: 'strong', qubits, depth: 2, structureSeed: 4 });
    const random = mulberry32(c.shape.join('').length * 31 + c.kernel);
    const [b, h, w, channels] = c.shape;
    const map = Float32Array.from({ length: b * h * w * channels }, () => 3 * random() - 1);
    const params = Float32Array.from({ length: program.paramCount }, () => 6 * random() - 3);
    const source = mapSource(map, c.shape, c.kernel, c.stride, c.padding);
    const { sources } = windowSources(c.shape, c.kernel, c.stride, c.padding);
    const windows = gatherWindows(map, sources);
    const rows = windows.length / qubits;
    // Channel counts of 4 give whole lane groups; the others end in a partial one.
    expect(rows % 4 === 0).toBe(channels % 4 === 0);
    const cells = rows / channels;
    expect(sourceRows(source)).toBe(rows);
    expect(sourceGroup(source)).toBe(channels);
    expect(cells).toBe(b * source.outHeight * source.outWidth);

    const z = sourceExpectZ(program, source, params);
    const zRows = programExpectZ(program, windows, params);
    expect(maxAbsDiff(z, meanOverChannels(zRows, cells, channels, qubits))).toBeLessThan(1e-6);

    const dz = Float32Array.from({ length: cells * qubits }, () => random() - 0.5);
    const spread = spreadOverChannels(dz, cells, channels, qubits);
    for (const semantics of ['exact', 'measured'] as const) {
      const g = sourceGradients(program, source, params, dz, semantics);
      const long = programExpectZGradients(program, windows, params, spread, semantics);
      expect(maxAbsDiff(g.params, long.params)).toBeLessThan(1e-5);
      if (semantics === 'measured') {
        expect(g.input).toBeNull();
        continue;
      }
      const scattered = scatterWindows(long.windows!, sources, map.length);
      expect(g.input!.length).toBe(map.length);
      expect(maxAbsDiff(g.input!, scattered)).toBeLessThan(1e-5);
      // Something flowed back to every pixel a window reads.
      expect(g.input!.some((v) => v !== 0)).toBe(true);
    }
  });

  it('rows are their own windows, one per cell', () => {
    const x = Float32Array.from({ length: 12 }, (_, i) => i / 12);
    const source = rowsSource(x, 4);
    expect([sourceRows(source), sourceGroup(source)]).toEqual([3, 1]);
    const program = compileCircuit({ family: 'basic', qubits: 4, depth: 1, structureSeed: 1 });
    const p = new Float32Array(program.paramCount).fill(0.3);
    expect(Array.from(sourceExpectZ(program, source, p))).toEqual(
      Array.from(programExpectZ(program, x, p)),
    );
  });
});
