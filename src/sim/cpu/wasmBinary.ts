/*
 * Just enough of the WebAssembly binary format to emit a module of straight-line SIMD functions
 * over an imported memory (pauliTrieModule.ts): LEB128 numbers, sections, the handful of opcodes
 * those functions use. A module is written whole and compiled at once; nothing here validates,
 * WebAssembly.Module does.
 */

export const I32 = 0x7f;
export const V128 = 0x7b;

/** Opcodes: plain ones as one byte, SIMD ones as their number after the 0xfd prefix. */
export const OP = {
  end: 0x0b,
  localGet: 0x20,
  localSet: 0x21,
} as const;
export const SIMD = {
  load: 0,
  store: 11,
  const: 12,
  f32x4Add: 228,
  f32x4Mul: 230,
} as const;

/** A growing byte buffer with the encodings a function body needs. */
export class Bytes {
  private buf = new Uint8Array(256);
  length = 0;

  byte(b: number): this {
    if (this.length === this.buf.length) {
      const grown = new Uint8Array(this.buf.length * 2);
      grown.set(this.buf);
      this.buf = grown;
    }
    this.buf[this.length++] = b;
    return this;
  }

  /** Unsigned LEB128 (counts, indices, offsets: all non-negative here). */
  u32(value: number): this {
    if (!(value >= 0 && value <= 0xffffffff) || !Number.isInteger(value)) {
      throw new RangeError(`wasmBinary: ${value} is no u32`);
    }
    let v = value;
    do {
      const low = v & 0x7f;
      v = Math.floor(v / 128);
      this.byte(v ? low | 0x80 : low);
    } while (v);
    return this;
  }

  bytes(b: ArrayLike<number>): this {
    for (let i = 0; i < b.length; i++) this.byte(b[i]);
    return this;
  }

  name(s: string): this {
    const utf8 = new TextEncoder().encode(s);
    return this.u32(utf8.length).bytes(utf8);
  }

  local(op: number, index: number): this {
    return this.byte(op).u32(index);
  }

  simd(op: number): this {
    return this.byte(0xfd).u32(op);
  }

  /** v128.load or v128.store at a constant byte offset from the address on the stack. */
  memory(op: typeof SIMD.load | typeof SIMD.store, offset: number): this {
    return this.simd(op).u32(4).u32(offset);
  }

  /** The v128 zero. */
  zero(): this {
    this.simd(SIMD.const);
    for (let i = 0; i < 16; i++) this.byte(0);
    return this;
  }

  done(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** A function: its type index, its v128 locals past the parameters, and its body (no `end`). */
export interface WasmFunction {
  readonly type: number;
  readonly v128Locals: number;
  readonly body: Uint8Array;
  readonly export: string;
}

function section(out: Bytes, id: number, content: Bytes) {
  out.byte(id).u32(content.length).bytes(content.done());
}

/**
 * A module that imports its memory as env.memory (unshared, any size) and exports `functions`,
 * whose types are all-i32 parameter lists of the given lengths with no results.
 */
export function wasmModule(paramCounts: readonly number[], functions: readonly WasmFunction[]) {
  const out = new Bytes().bytes([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  const types = new Bytes().u32(paramCounts.length);
  for (const count of paramCounts) {
    types.byte(0x60).u32(count);
    for (let i = 0; i < count; i++) types.byte(I32);
    types.u32(0);
  }
  section(out, 1, types);
  section(out, 2, new Bytes().u32(1).name('env').name('memory').byte(0x02).byte(0x00).u32(0));
  const decls = new Bytes().u32(functions.length);
  for (const f of functions) decls.u32(f.type);
  section(out, 3, decls);
  const exports = new Bytes().u32(functions.length);
  functions.forEach((f, i) => exports.name(f.export).byte(0x00).u32(i));
  section(out, 7, exports);
  const code = new Bytes().u32(functions.length);
  for (const f of functions) {
    const body = new Bytes();
    if (f.v128Locals) body.u32(1).u32(f.v128Locals).byte(V128);
    else body.u32(0);
    body.bytes(f.body).byte(OP.end);
    code.u32(body.length).bytes(body.done());
  }
  section(out, 10, code);
  return out.done();
}
