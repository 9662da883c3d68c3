// onnxruntime-web in Node: the package's "node" export (dist/ort.node.min.mjs) locates its own .wasm next to
// itself in node_modules, so no wasmPaths are needed. One thread: the proxy/worker path is browser-only and
// a miner process scales by running several sessions, not by threading one.
import * as ort from "onnxruntime-web";

let configured = false;

export function configureNodeOrt(): typeof ort {
  if (!configured) {
    ort.env.wasm.numThreads = 1;
    ort.env.logLevel = "error";
    configured = true;
  }
  return ort;
}
