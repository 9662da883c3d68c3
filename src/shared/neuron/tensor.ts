// The tensor codec of the AI layer: protobuf {dtype, shape, data} with little-endian elements (SPEC §5).
// Shapes are checked on both ends; a mismatch is a TensorError, never a silent misread.
import { create } from "@bufbuild/protobuf";
import { DType, type Tensor, TensorSchema } from "../gen/neuralmesh/neuron/v1/neuron_pb";

export class TensorError extends Error {
  override readonly name = "TensorError";
}

const elementSize: Record<number, number> = {
  [DType.UINT8]: 1,
  [DType.INT32]: 4,
  [DType.INT64]: 8,
  [DType.FLOAT32]: 4,
};

function count(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new TensorError(`bad dimension ${d} in shape [${shape}]`);
    n *= d;
  }
  return n;
}

/** Checks dtype, shape and byte length agree, and (when given) the expected shape; returns element count. */
export function checkTensor(
  t: Tensor | undefined,
  what: string,
  expected?: readonly (number | null)[],
): number {
  if (!t) throw new TensorError(`${what}: missing`);
  const size = elementSize[t.dtype];
  if (!size) throw new TensorError(`${what}: unsupported dtype ${DType[t.dtype] ?? t.dtype}`);
  const n = count(t.shape);
  if (t.data.length !== n * size) {
    throw new TensorError(
      `${what}: ${t.data.length} bytes do not fit shape [${t.shape}] of ${DType[t.dtype]}`,
    );
  }
  if (expected) {
    const ok = expected.length === t.shape.length && expected.every((d, i) => d === null || d === t.shape[i]);
    if (!ok)
      throw new TensorError(`${what}: shape [${t.shape}], expected [${expected.map((d) => d ?? "*")}]`);
  }
  return n;
}

function copyBytes(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
}

export function uint8Tensor(data: Uint8Array, shape: number[]): Tensor {
  if (count(shape) !== data.length)
    throw new TensorError(`uint8 data of ${data.length} for shape [${shape}]`);
  return create(TensorSchema, { dtype: DType.UINT8, shape, data: copyBytes(data) });
}

export function float32Tensor(data: Float32Array, shape: number[]): Tensor {
  if (count(shape) !== data.length)
    throw new TensorError(`float32 data of ${data.length} for shape [${shape}]`);
  // Float32Array is platform-endian; every platform we run on is little-endian, which the codec asserts.
  return create(TensorSchema, { dtype: DType.FLOAT32, shape, data: copyBytes(data) });
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
if (!littleEndian) throw new Error("Neuralmesh tensors assume a little-endian platform");

/** Reads token ids of any integer dtype as bytes 0..255 (the byte vocabulary). */
export function readTokenIds(t: Tensor, what = "inputs"): Uint8Array {
  const n = checkTensor(t, what);
  const view = new DataView(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let v: number;
    if (t.dtype === DType.UINT8) v = t.data[i];
    else if (t.dtype === DType.INT32) v = view.getInt32(i * 4, true);
    else if (t.dtype === DType.INT64) v = Number(view.getBigInt64(i * 8, true));
    else throw new TensorError(`${what}: token ids must be an integer dtype, not ${DType[t.dtype]}`);
    if (v < 0 || v > 255) throw new TensorError(`${what}: token id ${v} outside the byte vocabulary 0..255`);
    out[i] = v;
  }
  return out;
}

export function readFloat32(
  t: Tensor | undefined,
  what: string,
  expected?: readonly (number | null)[],
): Float32Array {
  checkTensor(t, what, expected);
  if (!t || t.dtype !== DType.FLOAT32) throw new TensorError(`${what}: expected float32`);
  return new Float32Array(copyBytes(t.data).buffer);
}

export function readUint8(
  t: Tensor | undefined,
  what: string,
  expected?: readonly (number | null)[],
): Uint8Array {
  checkTensor(t, what, expected);
  if (!t || t.dtype !== DType.UINT8) throw new TensorError(`${what}: expected uint8`);
  return copyBytes(t.data);
}
