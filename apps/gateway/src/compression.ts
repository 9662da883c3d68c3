// Response compression for both servers. A 4096-UID metagraph is ~490 KB of mostly incompressible keys;
// zlib's default level spends ~10 ms on it to save a third. Level 1 keeps most of the saving at a fraction
// of the cost, which is the better trade for explorers on a LAN or loopback.
//
// Large responses are also remembered: every explorer polls the same metagraph, which changes only when a
// block touches it, so the same ~0.5 MB would be compressed again for each of them (~7 ms at level 1, most
// of a GetMetagraph's time). A hit is decided by comparing the whole input with the remembered one
// (memcmp, ~50 µs for 0.5 MB), never by a hash or a sample, so a response can never be served for another.
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import type { Compression } from "@connectrpc/connect/protocol";
import { compressionGzip } from "@connectrpc/connect-node";

const gzipAsync = promisify(gzip);

/** Inputs at least this large are remembered (small ones compress faster than they would be looked up). */
const REMEMBER_FROM_BYTES = 64 * 1024;

/** A few recent large inputs and their compressed bytes, most recent first. */
export class CompressedCache {
  private readonly entries: { input: Buffer; output: Uint8Array<ArrayBuffer> }[] = [];

  constructor(readonly capacity = 8) {}

  get(input: Uint8Array): Uint8Array<ArrayBuffer> | undefined {
    const buf = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    const i = this.entries.findIndex((e) => e.input.length === buf.length && e.input.equals(buf));
    if (i < 0) return undefined;
    const [hit] = this.entries.splice(i, 1);
    this.entries.unshift(hit);
    return hit.output;
  }

  set(input: Uint8Array, output: Uint8Array<ArrayBuffer>): void {
    // A copy: the caller's buffer may be reused after the response is written.
    this.entries.unshift({ input: Buffer.from(input), output });
    this.entries.length = Math.min(this.entries.length, this.capacity);
  }
}

export function gzipLevel1(cache = new CompressedCache()): Compression {
  return {
    name: compressionGzip.name,
    compress: async (bytes) => {
      const large = bytes.byteLength >= REMEMBER_FROM_BYTES;
      const hit = large ? cache.get(bytes) : undefined;
      if (hit) return hit;
      const out = new Uint8Array(await gzipAsync(bytes, { level: 1 }));
      if (large) cache.set(bytes, out);
      return out;
    },
    decompress: (bytes, readMaxBytes) => compressionGzip.decompress(bytes, readMaxBytes),
  };
}

export const fastGzip: Compression = gzipLevel1();
