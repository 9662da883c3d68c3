// Node side of the model ladder: corpus, training, ONNX export, committed-model registry, CLI command.
export * from "./corpus";
export * from "./ladder";
export * from "./onnx-export";
export * from "./ort-node";
export * from "./records";
export * from "./registry";
export * from "./train-all";
export * from "./train-command";
