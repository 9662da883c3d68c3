// Precompression of the built web app (run by `vite build` through vite.config.ts): `name.br` and `name.gz`
// next to each compressible file, for the gateway to send by Accept-Encoding (apps/gateway/src/
// static-files.ts, docs/miner.md "Compressed static files"). Compressing once at build time lets the best
// (slowest) settings pay off: onnxruntime's 28 MB WASM goes out as 4.6 MB instead of 6.8 MB of gzip -6.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";

/** Files worth compressing: text, onnxruntime's WASM, the models. */
export const COMPRESSIBLE = /\.(html|js|mjs|css|json|svg|txt|map|wasm|onnx)$/;
/** Below this a compressed copy saves less than a request's headers. */
export const MIN_BYTES = 1024;
/** Above this brotli runs at quality 9: quality 11 on the 28 MB WASM takes minutes for about 5% less. */
const BEST_QUALITY_UP_TO = 2 * 1024 * 1024;

const br = promisify(brotliCompress);
const gz = promisify(gzip);

function walk(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (COMPRESSIBLE.test(name)) out.push(path);
  }
  return out;
}

/**
 * Writes the .br and .gz copies of every compressible file under `dir` of at least MIN_BYTES; a copy that
 * is not smaller than its original is not written (the gateway then sends the original). Returns the
 * copies written.
 */
export async function precompressDir(dir: string): Promise<string[]> {
  const written: string[] = [];
  await Promise.all(
    walk(dir, []).map(async (path) => {
      const original = readFileSync(path);
      if (original.length < MIN_BYTES) return;
      const quality = original.length > BEST_QUALITY_UP_TO ? 9 : constants.BROTLI_MAX_QUALITY;
      const [b, g] = await Promise.all([
        br(original, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: quality,
            [constants.BROTLI_PARAM_SIZE_HINT]: original.length,
          },
        }),
        gz(original, { level: 9 }),
      ]);
      for (const [suffix, bytes] of [
        [".br", b],
        [".gz", g],
      ] as const) {
        if (bytes.length >= original.length) continue;
        writeFileSync(path + suffix, bytes);
        written.push(path + suffix);
      }
    }),
  );
  return written.sort();
}
