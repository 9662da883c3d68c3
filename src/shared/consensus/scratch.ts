/**
 * Working buffers kept from one epoch to the next. At a million weights an epoch needs some 40 MB of
 * per-weight scratch, and fresh memory costs a page fault per 4 KiB on first touch: on a small VM that is
 * more than the arithmetic. Only internal intermediates live here, never anything returned to the caller,
 * and every user overwrites what it reads, so results cannot depend on what a previous epoch left behind.
 */

type Kind = "f64" | "u16";
type ScratchArray = Float64Array | Uint16Array;

const buffers = new Map<string, ScratchArray>();

function take<T extends ScratchArray>(name: string, kind: Kind, size: number, make: (n: number) => T): T {
  const key = `${kind}:${name}`;
  let buffer = buffers.get(key) as T | undefined;
  if (buffer === undefined || buffer.length < size) {
    // Grow geometrically so a slowly growing subnet does not reallocate every epoch.
    buffer = make(Math.max(size, Math.ceil((buffer?.length ?? 0) * 1.5)));
    buffers.set(key, buffer);
  }
  return buffer.subarray(0, size) as T;
}

/** A Float64Array of `size` entries, contents unspecified: the caller writes every entry it reads. */
export function scratchF64(name: string, size: number): Float64Array {
  return take(name, "f64", size, (n) => new Float64Array(n));
}

/** A Uint16Array of `size` entries, contents unspecified: the caller writes every entry it reads. */
export function scratchU16(name: string, size: number): Uint16Array {
  return take(name, "u16", size, (n) => new Uint16Array(n));
}

/** Drops the kept buffers (about 40 bytes per weight of the largest subnet run so far). */
export function releaseEpochScratch(): void {
  buffers.clear();
}
