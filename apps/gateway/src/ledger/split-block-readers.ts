// For the split block's tests (split-block*.test.ts): what its readers may see.
import { isDeepStrictEqual } from "node:util";
import { expect } from "vitest";

/**
 * What readers saw between a split block's turns: the parent's state, then the whole block (from the
 * commit's turn on, while its fsync runs off the loop), never a part of it.
 */
export function expectParentThenBlock<T>(seen: readonly T[], parent: T, block: T, what = "a read"): void {
  const firstNew = seen.findIndex((s) => !isDeepStrictEqual(s, parent));
  for (const s of firstNew < 0 ? [] : seen.slice(firstNew)) expect(s, what).toEqual(block);
}
