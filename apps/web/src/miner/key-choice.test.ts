import { describe, expect, it } from "vitest";
import type { AccountInfo } from "../wallet/keystore";
import { CHOICE_STORAGE_KEY, loadChoice, resolveChoice, saveChoice, signingAccounts } from "./key-choice";

let t = 0;
function account(id: string, kind: AccountInfo["kind"], walletId: string, parent?: string): AccountInfo {
  return { id, kind, walletId, parent, name: id, address: `5${id}`, createdAt: ++t };
}

const accounts = [
  account("w", "watch", "A"),
  account("c1", "coldkey", "A"),
  account("h0", "hotkey", "B"),
  account("c2", "coldkey", "B"),
  account("h1", "hotkey", "A", "c1"),
  account("h2", "hotkey", "B", "c2"),
  account("h3", "hotkey", "B"),
];

function memory(): Map<string, string> & {
  getItem(k: string): string | null;
  setItem(k: string, v: string): void;
} {
  const m = new Map<string, string>();
  return Object.assign(m, {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
  });
}

describe("the miner's choice of keys", () => {
  it("offers only keys that can sign, by role, oldest first", () => {
    expect(signingAccounts({ accounts }, "coldkey").map((a) => a.id)).toEqual(["c1", "c2"]);
    expect(signingAccounts({ accounts }, "hotkey").map((a) => a.id)).toEqual(["h0", "h1", "h2", "h3"]);
  });

  it("defaults to the first coldkey and its own hotkey, not merely the first hotkey", () => {
    expect(resolveChoice({ accounts }, {})).toEqual({ coldkey: "c1", hotkey: "h1" });
    expect(resolveChoice({ accounts }, { coldkey: "c2" })).toEqual({ coldkey: "c2", hotkey: "h2" });
  });

  it("falls back to a hotkey of the coldkey's wallet, then to any hotkey", () => {
    const noChild = accounts.filter((a) => a.id !== "h2");
    expect(resolveChoice({ accounts: noChild }, { coldkey: "c2" })).toEqual({ coldkey: "c2", hotkey: "h0" });
    const onlyOther = [account("c9", "coldkey", "Z"), account("h9", "hotkey", "Y")];
    expect(resolveChoice({ accounts: onlyOther }, {})).toEqual({ coldkey: "c9", hotkey: "h9" });
  });

  it("keeps a remembered choice while it exists and forgets a removed one", () => {
    expect(resolveChoice({ accounts }, { coldkey: "c2", hotkey: "h0" })).toEqual({
      coldkey: "c2",
      hotkey: "h0",
    });
    expect(resolveChoice({ accounts }, { coldkey: "gone", hotkey: "gone" })).toEqual({
      coldkey: "c1",
      hotkey: "h1",
    });
    expect(resolveChoice({ accounts: [] }, { coldkey: "c1", hotkey: "h1" })).toEqual({
      coldkey: undefined,
      hotkey: undefined,
    });
  });

  it("remembers ids only, and reads a damaged entry as no choice", () => {
    const store = memory();
    saveChoice(store, { coldkey: "c1", hotkey: "h1" });
    expect(JSON.parse(store.get(CHOICE_STORAGE_KEY) ?? "")).toEqual({ coldkey: "c1", hotkey: "h1" });
    expect(loadChoice(store)).toEqual({ coldkey: "c1", hotkey: "h1" });
    store.set(CHOICE_STORAGE_KEY, "{not json");
    expect(loadChoice(store)).toEqual({});
    store.set(CHOICE_STORAGE_KEY, JSON.stringify({ coldkey: 5, hotkey: "h1" }));
    expect(loadChoice(store)).toEqual({ coldkey: undefined, hotkey: "h1" });
    expect(loadChoice(undefined)).toEqual({});
  });

  it("a store that refuses writes loses only the preference", () => {
    const refusing = {
      getItem: () => null,
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
    };
    expect(() => saveChoice(refusing, { hotkey: "h1" })).not.toThrow();
  });
});
