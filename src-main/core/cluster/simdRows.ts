/*
 * Descriptor rows in WebAssembly memory with a 128-bit SIMD squared-distance kernel. Building the kNN graph is tens of
 * millions of distances (46M for 100k faces at k = 15); V8 runs the JavaScript kernel one float at a time, the
 * f32x4 kernel four at a time: 4-5× faster per distance on rows in cache.
 *
 * The module is one function, assembled here from its instructions rather than shipped as a binary, so what runs is
 * what is read. Rows are padded with zeros to whole 32-float blocks (zeros add nothing to a distance), and the kernel
 * checks its partial sum against a bound after each block, like squaredDistance's early exit.
 */

const BLOCK_FLOATS = 32;
const BLOCK_BYTES = BLOCK_FLOATS * 4;
const PAGE_BYTES = 65536;

/** Rows × a stride of whole 32-float blocks, in memory the kernel reads. */
export class SimdRows {
  /** Floats per row: dim rounded up to whole blocks. */
  readonly stride: number;
  /** The rows, row-major, each padded with zeros to `stride`. */
  readonly data: Float32Array;
  private readonly blocks: number;
  private readonly rowBytes: number;
  private readonly kernel: (aByte: number, bByte: number, blocks: number, bound: number) => number;

  constructor(
    readonly rows: number,
    readonly dim: number,
  ) {
    this.blocks = Math.max(1, Math.ceil(dim / BLOCK_FLOATS));
    this.stride = this.blocks * BLOCK_FLOATS;
    this.rowBytes = this.blocks * BLOCK_BYTES;
    const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil((rows * this.stride * 4) / PAGE_BYTES)) });
    const instance = new WebAssembly.Instance(kernelModule(), { env: { memory } });
    this.kernel = instance.exports['distanceWithin'] as SimdRows['kernel'];
    this.data = new Float32Array(memory.buffer, 0, rows * this.stride);
  }

  /** Copies row `from` of a dim-wide array into row `row`. */
  setRow(row: number, source: Float32Array, from: number): void {
    this.data.set(source.subarray(from * this.dim, from * this.dim + this.dim), row * this.stride);
  }

  /**
   * Squared distance of rows a and b, in float32; once the partial sum passes bound it stops and returns that sum
   * (itself > bound).
   */
  distanceWithin(a: number, b: number, bound: number): number {
    return this.kernel(a * this.rowBytes, b * this.rowBytes, this.blocks, bound);
  }
}

let compiled: WebAssembly.Module | undefined;

function kernelModule(): WebAssembly.Module {
  return (compiled ??= new WebAssembly.Module(assembleKernel()));
}

const uleb = (value: number): number[] => {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    const byte = v & 0x7f;
    v >>>= 7;
    out.push(v ? byte | 0x80 : byte);
  } while (v);
  return out;
};
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const name = (text: string) => [...uleb(text.length), ...Array.from(text, (c) => c.charCodeAt(0))];

/** "\0asm", then binary format version 1. */
const MODULE_HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

// Opcodes (WebAssembly core spec 2.0, SIMD under the 0xfd prefix).
const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;
const op = {
  loop: [0x03, 0x40],
  ifVoid: [0x04, 0x40],
  end: [0x0b],
  brIf: (depth: number) => [0x0d, depth],
  ret: [0x0f],
  get: (local: number) => [0x20, local],
  set: (local: number) => [0x21, local],
  tee: (local: number) => [0x22, local],
  i32Const: (value: number) => [0x41, ...sleb(value)],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  f32Gt: [0x5e],
  f32Add: [0x92],
  f32Zero: [0x43, 0, 0, 0, 0],
  /** v128.load with a 16-byte alignment hint and a constant byte offset. */
  v128Load: (offset: number) => [0xfd, ...uleb(0x00), 4, ...uleb(offset)],
  f32x4Splat: [0xfd, ...uleb(0x13)],
  f32x4Lane: (lane: number) => [0xfd, ...uleb(0x1f), lane],
  f32x4Add: [0xfd, ...uleb(0xe4)],
  f32x4Sub: [0xfd, ...uleb(0xe5)],
  f32x4Mul: [0xfd, ...uleb(0xe6)],
};

function sleb(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/**
 * distanceWithin(aByte, bByte, blocks, bound) → f32. Two accumulators (even and odd vectors of a block) halve the
 * chain of dependent adds; their lanes are summed after each block for the bound check.
 */
function assembleKernel(): Uint8Array {
  const [a, b, blocks, bound, even, odd, diff, sum] = [0, 1, 2, 3, 4, 5, 6, 7];
  const zeroed = (local: number) => [...op.f32Zero, ...op.f32x4Splat, ...op.set(local)];
  const advanced = (pointer: number) => [
    ...op.get(pointer),
    ...op.i32Const(BLOCK_BYTES),
    ...op.i32Add,
    ...op.set(pointer),
  ];
  // The vector on the stack, kept in diff, summed lane by lane.
  const lanesSummed = [
    ...op.tee(diff),
    ...op.f32x4Lane(0),
    ...[1, 2, 3].flatMap((lane) => [...op.get(diff), ...op.f32x4Lane(lane), ...op.f32Add]),
  ];
  const code: number[] = [...zeroed(even), ...zeroed(odd), ...op.loop];
  for (let v = 0; v < BLOCK_FLOATS / 4; v++) {
    const acc = v % 2 === 0 ? even : odd;
    code.push(
      ...op.get(a),
      ...op.v128Load(16 * v),
      ...op.get(b),
      ...op.v128Load(16 * v),
      ...op.f32x4Sub,
      ...op.tee(diff),
      ...op.get(diff),
      ...op.f32x4Mul,
      ...op.get(acc),
      ...op.f32x4Add,
      ...op.set(acc),
    );
  }
  code.push(
    ...advanced(a),
    ...advanced(b),
    ...op.get(even),
    ...op.get(odd),
    ...op.f32x4Add,
    ...lanesSummed,
    ...op.tee(sum),
    ...op.get(bound),
    ...op.f32Gt,
    ...op.ifVoid,
    ...op.get(sum),
    ...op.ret,
    ...op.end,
    ...op.get(blocks),
    ...op.i32Const(1),
    ...op.i32Sub,
    ...op.tee(blocks),
    ...op.brIf(0),
    ...op.end,
    ...op.get(sum),
    ...op.end,
  );
  // Locals after the 4 parameters: even, odd, diff (v128) and sum (f32).
  const body = [2, 3, V128, 1, F32, ...code];
  return Uint8Array.from([
    ...MODULE_HEADER,
    ...section(1, [1, 0x60, 4, I32, I32, I32, F32, 1, F32]),
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 1]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name('distanceWithin'), 0x00, 0]),
    ...section(10, [1, ...uleb(body.length), ...body]),
  ]);
}
