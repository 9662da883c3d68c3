import { describe, expect, it } from "vitest";
import { devHotkey, devHotkeyMnemonic } from "../../../../src/shared/devnet";
import { KeyError } from "../../../../src/shared/keys";
import { MinerError } from "./errors";
import { createKey, forgetKey, type KeyValueStore, loadKey, restoreKey, STORAGE_KEYS } from "./keystore";

function memoryStore(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

describe("miner keystore", () => {
  it("creates, reloads and forgets a key per role", () => {
    const store = memoryStore();
    expect(loadKey(store, "hotkey")).toBeUndefined();
    const hot = createKey(store, "hotkey");
    expect(hot.mnemonic.split(" ")).toHaveLength(12);
    const cold = createKey(store, "coldkey");
    expect(cold.keypair.ss58).not.toBe(hot.keypair.ss58);
    expect(loadKey(store, "hotkey")?.keypair.ss58).toBe(hot.keypair.ss58);
    expect(loadKey(store, "coldkey")?.keypair.ss58).toBe(cold.keypair.ss58);
    forgetKey(store, "hotkey");
    expect(loadKey(store, "hotkey")).toBeUndefined();
    expect(loadKey(store, "coldkey")).toBeDefined();
  });

  it("restores the same address from a mnemonic typed with other spacing and capitals", () => {
    const store = memoryStore();
    const phrase = devHotkeyMnemonic(3);
    const messy = `  ${phrase.toUpperCase().split(" ").join("   ")}\n`;
    const restored = restoreKey(store, "hotkey", messy);
    expect(restored.keypair.ss58).toBe(devHotkey(3).ss58);
    expect(restored.mnemonic).toBe(phrase);
    expect(loadKey(store, "hotkey")?.keypair.ss58).toBe(devHotkey(3).ss58);
  });

  it("refuses bad mnemonics with the KeyError that names the problem, storing nothing", () => {
    const store = memoryStore();
    const words = devHotkeyMnemonic(3).split(" ");
    const cases: [string, string][] = [
      ["one two three", "BAD_MNEMONIC_LENGTH"],
      [[...words.slice(0, 11), "notaword"].join(" "), "BAD_MNEMONIC_WORD"],
      [[words[1], words[0], ...words.slice(2)].join(" "), "BAD_MNEMONIC_CHECKSUM"],
    ];
    for (const [phrase, code] of cases) {
      const err = (() => {
        try {
          restoreKey(store, "hotkey", phrase);
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(KeyError);
      expect((err as KeyError).code).toBe(code);
    }
    expect(store.data.size).toBe(0);
  });

  it("reports unreadable storage and refused writes as typed errors", () => {
    const store = memoryStore();
    store.setItem(STORAGE_KEYS.hotkey, "{not json");
    expect(() => loadKey(store, "hotkey")).toThrow(MinerError);
    const full: KeyValueStore = {
      getItem: () => null,
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
      removeItem: () => undefined,
    };
    try {
      createKey(full, "coldkey");
      expect.unreachable();
    } catch (e) {
      expect((e as MinerError).code).toBe("StorageUnavailable");
    }
  });
});
