// sha256 of large buffers off the calling thread where WebCrypto exists (the light miner hashes every
// answer, tens of kB, before signing it); noble's JS hash otherwise, with the same digest.
import { sha256 } from "@noble/hashes/sha2.js";

export async function sha256Async(bytes: Uint8Array): Promise<Uint8Array> {
  const subtle = (globalThis as { crypto?: Crypto }).crypto?.subtle;
  if (!subtle) return sha256(bytes);
  return new Uint8Array(await subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
}
