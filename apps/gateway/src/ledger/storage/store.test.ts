// The per-account index pages by (block, index), so a page boundary inside one block skips nothing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LedgerStore } from "./store";

const dir = mkdtempSync(join(tmpdir(), "nm-store-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function block(number: number, count: number) {
  const bytes = (n: number) => new Uint8Array([number, n]);
  return {
    block: {
      number,
      hash: new Uint8Array(32).fill(number),
      header: bytes(0),
      timestamp: number,
      extrinsic_count: count,
      events: "[]",
      acc: new Uint8Array(32),
    },
    // More rows than one multi-row INSERT takes, so both statement shapes run.
    extrinsics: Array.from({ length: count }, (_, idx) => ({
      hash: new Uint8Array(32).fill(idx % 256).map((b, i) => (i === 0 ? number : i === 1 ? idx >> 8 : b)),
      block: number,
      idx,
      bytes: bytes(idx),
      result: new Uint8Array(),
    })),
    accountIndex: Array.from({ length: count }, (_, idx) => ({ address: "alice", idx })),
    writes: new Map<string, Uint8Array | null>([[`x/${number}`, new TextEncoder().encode(String(number))]]),
    metagraphs: [],
    emissions: [],
  };
}

describe("LedgerStore", () => {
  it("pages an account's extrinsics within a block with before_index", () => {
    const store = new LedgerStore(join(dir, "ledger.sqlite"));
    store.commitBlock(block(1, 3));
    store.commitBlock(block(2, 300));
    expect(store.extrinsicsOfBlock(2)).toHaveLength(300);
    expect(store.extrinsic(block(2, 300).extrinsics[299].hash)?.idx).toBe(299);
    const seen: string[] = [];
    let cursor: [number, number] = [Number.MAX_SAFE_INTEGER, 0];
    for (;;) {
      const page = store.accountExtrinsics("alice", cursor[0], cursor[1], 7);
      if (page.length === 0) break;
      for (const r of page) seen.push(`${r.block}/${r.idx}`);
      const last = page[page.length - 1];
      cursor = [last.block, last.idx];
    }
    expect(seen).toHaveLength(303);
    expect(new Set(seen).size).toBe(303);
    expect(seen[0]).toBe("2/299");
    expect(seen.at(-1)).toBe("1/0");
    // Index 0 keeps the old meaning: strictly older blocks.
    expect(store.accountExtrinsics("alice", 2, 0, 100).map((r) => r.block)).toEqual([1, 1, 1]);
    expect(store.stateByPrefix("x/")).toEqual([
      { key: "x/1", value: 1 },
      { key: "x/2", value: 2 },
    ]);
    store.close();
  });
});
