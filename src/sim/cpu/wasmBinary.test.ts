import { describe, expect, it } from 'vitest';
import { Bytes, OP, SIMD, wasmModule } from './wasmBinary';

describe('wasmBinary', () => {
  it('writes unsigned LEB128', () => {
    const leb = (v: number) => Array.from(new Bytes().u32(v).done());
    expect(leb(0)).toEqual([0]);
    expect(leb(127)).toEqual([0x7f]);
    expect(leb(128)).toEqual([0x80, 0x01]);
    expect(leb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(leb(0xffffffff)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
    for (const bad of [-1, 0.5, 2 ** 32]) expect(() => leb(bad)).toThrow(RangeError);
  });

  it('makes a module that runs: out[0] = a[0] × b[0] + out[0] over its imported memory', () => {
    const body = new Bytes();
    body.local(OP.localGet, 2);
    body.local(OP.localGet, 2).memory(SIMD.load, 0);
    body.local(OP.localGet, 0).memory(SIMD.load, 16);
    body.local(OP.localGet, 1).memory(SIMD.load, 0);
    body.simd(SIMD.f32x4Mul).simd(SIMD.f32x4Add).memory(SIMD.store, 0);
    const bytes = wasmModule([3], [{ type: 0, v128Locals: 1, body: body.done(), export: 'fma' }]);
    expect(WebAssembly.validate(bytes as BufferSource)).toBe(true);
    const memory = new WebAssembly.Memory({ initial: 1 });
    const f = new Float32Array(memory.buffer);
    f.set([9, 9, 9, 9, 1, 2, 3, 4], 0); // a at 0 (read at +16), b at 64, out at 128
    f.set([2, 3, 4, 5], 16);
    f.set([1, 1, 1, 1], 32);
    const { fma } = new WebAssembly.Instance(new WebAssembly.Module(bytes as BufferSource), {
      env: { memory },
    }).exports as { fma: (a: number, b: number, out: number) => void };
    fma(0, 64, 128);
    expect(Array.from(f.subarray(32, 36))).toEqual([3, 7, 13, 21]);
  });
});
