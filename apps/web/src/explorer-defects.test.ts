// Issue 17 items 1–5: the pure logic behind the explorer fixes.
import { describe, expect, it } from "vitest";
import { formatAmount, u16Delta } from "./format";
import { issuedFraction, issuedVsBurned } from "./lib/emissionShare";
import { describeEventFields } from "./lib/events";
import { recognizeSearch } from "./lib/search";
import { isServer, roleLabel } from "./metagraph/rows";

describe("servers (item 1)", () => {
  it("is a server with incentive or an axon, whatever its permit", () => {
    expect(isServer({ incentive: 5, endpoint: "" })).toBe(true);
    expect(isServer({ incentive: 0, endpoint: "127.0.0.1:1" })).toBe(true);
    expect(isServer({ incentive: 0, endpoint: "" })).toBe(false);
    expect(roleLabel({ incentive: 5, endpoint: "", validatorPermit: true })).toBe("validator, server");
    expect(roleLabel({ incentive: 0, endpoint: "", validatorPermit: false })).toBe("—");
  });
});

describe("amounts (item 3)", () => {
  it("has one form: 4 decimals, rounded half-up, with τ", () => {
    expect(formatAmount(1_000_000_000n)).toBe("1.0000 τ");
    expect(formatAmount(6_250_000n)).toBe("0.0063 τ");
    expect(formatAmount(1_234_500_000_000n)).toBe("1,234.5000 τ");
  });
  it("reads event amounts as rao and addresses as addresses", () => {
    const f = describeEventFields({ kind: "Emission", fields: { amount: "1000000000" } });
    expect(f).toEqual([{ name: "amount", value: "1000000000", kind: "amount", rao: 1_000_000_000n }]);
    const t = describeEventFields({ kind: "Transfer", fields: { from: "5a", amount: "x" } });
    expect(t.map((a) => a.kind)).toEqual(["address", "text"]);
    // "owner" is an amount in Epoch but an address in SubnetRegistered.
    expect(describeEventFields({ kind: "Epoch", fields: { owner: "7" } })[0]?.kind).toBe("amount");
    expect(describeEventFields({ kind: "SubnetRegistered", fields: { owner: "5x" } })[0]?.kind).toBe(
      "address",
    );
  });
});

describe("issued vs burned (item 4)", () => {
  it("burned is what the epoch did not pay out", () => {
    const sum = issuedVsBurned([
      { total: 100n, owner: 18n, server: 0n, validator: 0n },
      { total: 100n, owner: 18n, server: 41n, validator: 41n },
    ]);
    expect(sum).toEqual({ total: 200n, issued: 118n, burned: 82n, epochs: 2 });
    expect(issuedFraction(sum)).toBeCloseTo(0.59);
    expect(issuedFraction(issuedVsBurned([]))).toBe(1);
  });
});

describe("Δ and search (item 5)", () => {
  it("never prints a zero change with a sign", () => {
    expect(u16Delta(0, "percent")).toEqual({ text: "–", sign: 0 });
    expect(u16Delta(1, "percent").text).toBe("–"); // 0.0015% rounds to 0.00%
    expect(u16Delta(655, "percent")).toEqual({ text: "+1.00%", sign: 1 });
    expect(u16Delta(-655, "fraction")).toEqual({ text: "−0.0100", sign: -1 });
  });
  it("offers only UIDs that exist", () => {
    expect(recognizeSearch("5", 2, 2).map((t) => t.kind)).toEqual(["block"]);
    expect(recognizeSearch("1", 2, 2).map((t) => t.kind)).toEqual(["block", "uid"]);
    expect(recognizeSearch("uid 9", 2, 2)).toEqual([]);
    expect(recognizeSearch("5", 2).map((t) => t.kind)).toEqual(["block", "uid"]);
  });
});
