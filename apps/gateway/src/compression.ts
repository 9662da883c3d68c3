// Response compression for both servers. A 4096-UID metagraph is ~490 KB of mostly incompressible keys;
// zlib's default level spends ~10 ms on it to save a third. Level 1 keeps most of the saving at a fraction
// of the cost, which is the better trade for explorers on a LAN or loopback.
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import type { Compression } from "@connectrpc/connect/protocol";
import { compressionGzip } from "@connectrpc/connect-node";

const gzipAsync = promisify(gzip);

export const fastGzip: Compression = {
  name: compressionGzip.name,
  compress: async (bytes) => new Uint8Array(await gzipAsync(bytes, { level: 1 })),
  decompress: (bytes, readMaxBytes) => compressionGzip.decompress(bytes, readMaxBytes),
};
