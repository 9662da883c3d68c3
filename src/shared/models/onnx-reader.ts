// Minimal ONNX ModelProto reader: just enough to pull float initializers and metadata back out of the
// files this project writes (field numbers from onnx/onnx.proto), so the TypeScript forward pass can run
// on exactly the weights onnxruntime sees.
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";

export interface OnnxTensor {
  dims: number[];
  dataType: number;
  raw: Uint8Array;
}

export interface OnnxModelContents {
  irVersion: number;
  producerName: string;
  opsetVersion: number;
  metadata: Record<string, string>;
  initializers: Map<string, OnnxTensor>;
}

const TENSOR_FLOAT = 1;

function readMessage(
  bytes: Uint8Array,
  onField: (no: number, wt: WireType, r: BinaryReader) => boolean,
): void {
  const r = new BinaryReader(bytes);
  while (r.pos < r.len) {
    const [no, wt] = r.tag();
    if (!onField(no, wt, r)) r.skip(wt, no);
  }
}

function readTensor(bytes: Uint8Array): { name: string; tensor: OnnxTensor } {
  let name = "";
  const tensor: OnnxTensor = { dims: [], dataType: 0, raw: new Uint8Array(0) };
  readMessage(bytes, (no, wt, r) => {
    if (no === 1 && wt === WireType.LengthDelimited) {
      const packed = new BinaryReader(r.bytes());
      while (packed.pos < packed.len) tensor.dims.push(Number(packed.int64()));
    } else if (no === 1) tensor.dims.push(Number(r.int64()));
    else if (no === 2) tensor.dataType = r.int32();
    else if (no === 8) name = r.string();
    // Copy: the slice may sit at an unaligned offset, and Float32Array views need 4-byte alignment.
    else if (no === 9) tensor.raw = r.bytes().slice();
    else return false;
    return true;
  });
  return { name, tensor };
}

export function readOnnxModel(bytes: Uint8Array): OnnxModelContents {
  const out: OnnxModelContents = {
    irVersion: 0,
    producerName: "",
    opsetVersion: 0,
    metadata: {},
    initializers: new Map(),
  };
  readMessage(bytes, (no, _wt, r) => {
    if (no === 1) out.irVersion = Number(r.int64());
    else if (no === 2) out.producerName = r.string();
    else if (no === 8) {
      readMessage(r.bytes(), (n, _w, rr) => {
        if (n !== 2) return false;
        out.opsetVersion = Number(rr.int64());
        return true;
      });
    } else if (no === 14) {
      let key = "";
      let value = "";
      readMessage(r.bytes(), (n, _w, rr) => {
        if (n === 1) key = rr.string();
        else if (n === 2) value = rr.string();
        else return false;
        return true;
      });
      out.metadata[key] = value;
    } else if (no === 7) {
      readMessage(r.bytes(), (n, _w, rr) => {
        if (n !== 5) return false;
        const { name, tensor } = readTensor(rr.bytes());
        out.initializers.set(name, tensor);
        return true;
      });
    } else return false;
    return true;
  });
  return out;
}

/** The float32 contents of a named initializer (little-endian raw_data), checked against expected dims. */
export function floatInitializer(model: OnnxModelContents, name: string, dims: number[]): Float32Array {
  const t = model.initializers.get(name);
  if (!t) throw new Error(`ONNX model has no initializer ${name}`);
  if (t.dataType !== TENSOR_FLOAT) throw new Error(`initializer ${name} is not float32`);
  if (t.dims.join(",") !== dims.join(",")) {
    throw new Error(`initializer ${name} has dims [${t.dims}], expected [${dims}]`);
  }
  const view = new DataView(t.raw.buffer, t.raw.byteOffset, t.raw.byteLength);
  const n = dims.reduce((a, b) => a * b, 1);
  if (t.raw.byteLength !== n * 4) throw new Error(`initializer ${name} has ${t.raw.byteLength} bytes`);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = view.getFloat32(i * 4, true);
  return data;
}
