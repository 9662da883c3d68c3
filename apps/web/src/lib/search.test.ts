import { describe, expect, it } from "vitest";
import { devKeypair } from "../../../../src/shared/devnet";
import { netuidFromPath, recognizeSearch, targetPath } from "./search";

const alice = devKeypair("alice").ss58;

describe("recognizeSearch", () => {
  it("reads a bare number as a block, then as a uid of the current subnet", () => {
    expect(recognizeSearch("123", 1)).toEqual([
      { kind: "block", number: 123 },
      { kind: "uid", netuid: 1, uid: 123 },
    ]);
    expect(recognizeSearch(" 1,234 ", undefined)).toEqual([{ kind: "block", number: 1234 }]);
  });
  it("honours explicit block and uid forms", () => {
    expect(recognizeSearch("#77", 1)).toEqual([{ kind: "block", number: 77 }]);
    expect(recognizeSearch("block 77", 1)).toEqual([{ kind: "block", number: 77 }]);
    expect(recognizeSearch("uid 12", 3)).toEqual([{ kind: "uid", netuid: 3, uid: 12 }]);
    expect(recognizeSearch("u12", 3)).toEqual([{ kind: "uid", netuid: 3, uid: 12 }]);
    expect(recognizeSearch("uid 12", undefined)).toEqual([]);
  });
  it("recognises 32-byte hashes with or without 0x, lowercased", () => {
    const h = "AB".repeat(32);
    expect(recognizeSearch(h, 1)).toEqual([{ kind: "hash", hex: `0x${"ab".repeat(32)}` }]);
    expect(recognizeSearch(`0x${h}`, 1)).toEqual([{ kind: "hash", hex: `0x${"ab".repeat(32)}` }]);
    expect(recognizeSearch(`0x${"ab".repeat(31)}`, 1)).toEqual([]);
  });
  it("recognises SS58 addresses and rejects bad checksums", () => {
    expect(recognizeSearch(alice, 1)).toEqual([{ kind: "address", address: alice }]);
    const broken = alice.slice(0, -1) + (alice.endsWith("a") ? "b" : "a");
    expect(recognizeSearch(broken, 1)).toEqual([]);
  });
  it("returns nothing for empty or unknown text", () => {
    expect(recognizeSearch("   ", 1)).toEqual([]);
    expect(recognizeSearch("hello", 1)).toEqual([]);
  });
});

describe("targetPath", () => {
  it("routes every kind", () => {
    expect(targetPath({ kind: "block", number: 5 })).toBe("/blocks/5");
    expect(targetPath({ kind: "hash", hex: "0xab" })).toBe("/hash/0xab");
    expect(targetPath({ kind: "address", address: alice })).toBe(`/accounts/${alice}`);
    expect(targetPath({ kind: "uid", netuid: 2, uid: 9 })).toBe("/subnets/2/neurons/9");
  });
  it("finds the subnet of a path", () => {
    expect(netuidFromPath("/subnets/4/metagraph")).toBe(4);
    expect(netuidFromPath("/blocks/4")).toBeUndefined();
  });
});
