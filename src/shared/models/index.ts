// Browser-safe byte language model toolkit: contract, top-k math, evaluation, forward pass, ONNX session.
export * from "./config";
export * from "./contract";
export * from "./forward";
export * from "./held-out";
export * from "./onnx-model";
export * from "./onnx-reader";
export * from "./topk";
