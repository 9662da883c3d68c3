// A small ONNX ModelProto encoder (no Python, no onnx package). Field numbers follow onnx/onnx.proto:
// ModelProto{ir_version=1, producer_name=2, producer_version=3, graph=7, opset_import=8, metadata_props=14},
// GraphProto{node=1, name=2, initializer=5, input=11, output=12}, NodeProto{input=1, output=2, name=3,
// op_type=4, attribute=5}, AttributeProto{name=1, f=2, i=3, ints=8, type=20}, TensorProto{dims=1,
// data_type=2, name=8, raw_data=9}, ValueInfoProto{name=1, type=2}, TypeProto{tensor_type=1},
// TypeProto.Tensor{elem_type=1, shape=2}, TensorShapeProto{dim=1}, Dimension{dim_value=1, dim_param=2},
// OperatorSetIdProto{domain=1, version=2}, StringStringEntryProto{key=1, value=2}.
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";

export const DATA_TYPE = { float: 1, int64: 7 } as const;
const ATTR_TYPE = { float: 1, int: 2, ints: 7 } as const;

export type OnnxAttribute =
  | { name: string; int: number }
  | { name: string; ints: number[] }
  | { name: string; float: number };

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes?: OnnxAttribute[];
}

export interface OnnxInitializer {
  name: string;
  dims: number[];
  dataType: number;
  /** Little-endian element bytes. */
  raw: Uint8Array;
}

export interface OnnxValueInfo {
  name: string;
  elemType: number;
  /** A number is a fixed dimension, a string a symbolic one (e.g. "batch"). */
  shape: Array<number | string>;
}

export interface OnnxModelSpec {
  irVersion: number;
  opsetVersion: number;
  producerName: string;
  producerVersion: string;
  graphName: string;
  nodes: OnnxNode[];
  initializers: OnnxInitializer[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  metadata: Record<string, string>;
}

const LEN = WireType.LengthDelimited;

export function floatTensor(name: string, dims: number[], data: Float32Array): OnnxInitializer {
  const raw = new Uint8Array(data.length * 4);
  const view = new DataView(raw.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i], true);
  return { name, dims, dataType: DATA_TYPE.float, raw };
}

export function int64Tensor(name: string, dims: number[], data: number[]): OnnxInitializer {
  const raw = new Uint8Array(data.length * 8);
  const view = new DataView(raw.buffer);
  for (const [i, v] of data.entries()) view.setBigInt64(i * 8, BigInt(v), true);
  return { name, dims, dataType: DATA_TYPE.int64, raw };
}

function writeAttribute(w: BinaryWriter, a: OnnxAttribute): void {
  w.tag(1, LEN).string(a.name);
  if ("int" in a) {
    w.tag(3, WireType.Varint).int64(a.int);
    w.tag(20, WireType.Varint).int32(ATTR_TYPE.int);
  } else if ("ints" in a) {
    for (const v of a.ints) w.tag(8, WireType.Varint).int64(v);
    w.tag(20, WireType.Varint).int32(ATTR_TYPE.ints);
  } else {
    w.tag(2, WireType.Bit32).float(a.float);
    w.tag(20, WireType.Varint).int32(ATTR_TYPE.float);
  }
}

function writeNode(w: BinaryWriter, n: OnnxNode, index: number): void {
  for (const i of n.inputs) w.tag(1, LEN).string(i);
  for (const o of n.outputs) w.tag(2, LEN).string(o);
  w.tag(3, LEN).string(`${n.op}_${index}`);
  w.tag(4, LEN).string(n.op);
  for (const a of n.attributes ?? []) {
    w.tag(5, LEN).fork();
    writeAttribute(w, a);
    w.join();
  }
}

function writeTensor(w: BinaryWriter, t: OnnxInitializer): void {
  for (const d of t.dims) w.tag(1, WireType.Varint).int64(d);
  w.tag(2, WireType.Varint).int32(t.dataType);
  w.tag(8, LEN).string(t.name);
  w.tag(9, LEN).bytes(t.raw);
}

function writeValueInfo(w: BinaryWriter, v: OnnxValueInfo): void {
  w.tag(1, LEN).string(v.name);
  w.tag(2, LEN).fork(); // TypeProto
  w.tag(1, LEN).fork(); // TypeProto.Tensor
  w.tag(1, WireType.Varint).int32(v.elemType);
  w.tag(2, LEN).fork(); // TensorShapeProto
  for (const d of v.shape) {
    w.tag(1, LEN).fork();
    if (typeof d === "number") w.tag(1, WireType.Varint).int64(d);
    else w.tag(2, LEN).string(d);
    w.join();
  }
  w.join().join().join();
}

/** Serializes a model; the output is a pure function of the spec (byte-for-byte reproducible). */
export function encodeOnnxModel(spec: OnnxModelSpec): Uint8Array {
  const w = new BinaryWriter();
  w.tag(1, WireType.Varint).int64(spec.irVersion);
  w.tag(2, LEN).string(spec.producerName);
  w.tag(3, LEN).string(spec.producerVersion);
  w.tag(7, LEN).fork();
  spec.nodes.forEach((n, i) => {
    w.tag(1, LEN).fork();
    writeNode(w, n, i);
    w.join();
  });
  w.tag(2, LEN).string(spec.graphName);
  for (const t of spec.initializers) {
    w.tag(5, LEN).fork();
    writeTensor(w, t);
    w.join();
  }
  for (const [field, list] of [
    [11, spec.inputs],
    [12, spec.outputs],
  ] as const) {
    for (const v of list) {
      w.tag(field, LEN).fork();
      writeValueInfo(w, v);
      w.join();
    }
  }
  w.join();
  w.tag(8, LEN).fork().tag(1, LEN).string("").tag(2, WireType.Varint).int64(spec.opsetVersion).join();
  for (const key of Object.keys(spec.metadata).sort()) {
    w.tag(14, LEN).fork().tag(1, LEN).string(key).tag(2, LEN).string(spec.metadata[key]).join();
  }
  return w.finish();
}
