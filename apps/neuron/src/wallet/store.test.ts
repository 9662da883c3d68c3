import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { devMnemonic } from "../../../../src/shared/devnet";
import { keypairFromMnemonic } from "../../../../src/shared/keys";
import { WalletError } from "./errors";
import { secretFromMnemonic } from "./keyfile";
import {
  checkName,
  createWallet,
  defaultWalletRoot,
  listWallets,
  loadColdkey,
  loadHotkey,
  readColdkeyAddress,
  readHotkeyAddress,
  walletPaths,
} from "./store";

const COLD = devMnemonic("store-cold");
const HOT = devMnemonic("store-hot");
const password = (pw: string) => () => Promise.resolve(pw);

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "nm-wallets-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

async function caught(run: () => unknown): Promise<WalletError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(WalletError);
    return error as WalletError;
  }
  throw new Error("expected a WalletError");
}

function create(overrides: Partial<Parameters<typeof createWallet>[0]> = {}) {
  return createWallet({
    root,
    wallet: "w",
    coldkey: secretFromMnemonic(COLD),
    password: "pw",
    hotkey: { name: "default", secret: secretFromMnemonic(HOT) },
    ...overrides,
  });
}

describe("wallet store", () => {
  it("lays a wallet out like btcli, with 0600 keyfiles, and loads both keys back", async () => {
    const created = await create();
    const paths = walletPaths(root, "w");
    expect(created.coldkey).toBe(keypairFromMnemonic(COLD).ss58);
    expect(created.hotkey?.ss58).toBe(keypairFromMnemonic(HOT).ss58);
    expect(readFileSync(paths.coldkeypub, "utf8")).toBe(`${created.coldkey}\n`);
    for (const file of [paths.coldkey, join(paths.hotkeys, "default")]) {
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }
    expect(statSync(paths.dir).mode & 0o777).toBe(0o700);
    expect(readFileSync(paths.coldkey, "utf8")).not.toContain(COLD.split(" ")[0] + " ");
    expect(readColdkeyAddress(root, "w")).toBe(created.coldkey);
    expect(readHotkeyAddress(root, "w", "default")).toBe(created.hotkey?.ss58);
    expect((await loadColdkey(root, "w", password("pw"))).mnemonic).toBe(COLD);
    expect((await loadHotkey(root, "w", "default", password("unused"))).keypair.ss58).toBe(
      created.hotkey?.ss58,
    );
    expect((await caught(() => loadColdkey(root, "w", password("nope")))).code).toBe("WRONG_PASSWORD");
  });

  it("never replaces an existing key without overwrite, and writes nothing when it refuses", async () => {
    await create();
    const paths = walletPaths(root, "w");
    const before = readFileSync(paths.coldkey, "utf8");
    const other = secretFromMnemonic(devMnemonic("store-other"));
    expect((await caught(() => create({ coldkey: other }))).code).toBe("KEYFILE_EXISTS");
    // Only the hotkey exists under a new name: the coldkey conflict must still stop the hotkey write.
    const error = await caught(() => create({ coldkey: other, hotkey: { name: "h2", secret: other } }));
    expect(error.code).toBe("KEYFILE_EXISTS");
    expect(readFileSync(paths.coldkey, "utf8")).toBe(before);
    expect(listWallets(root)[0].hotkeys.map((h) => h.name)).toEqual(["default"]);

    const replaced = await create({ coldkey: other, overwrite: true, hotkey: undefined });
    expect(replaced.coldkey).toBe(keypairFromMnemonic(devMnemonic("store-other")).ss58);
    expect(readColdkeyAddress(root, "w")).toBe(replaced.coldkey);
  });

  it("adds a hotkey to an existing wallet, but not to a missing one", async () => {
    await create({ hotkey: undefined });
    const added = await create({
      coldkey: undefined,
      hotkey: { name: "miner2", secret: secretFromMnemonic(HOT) },
    });
    expect(added.coldkey).toBeUndefined();
    expect(listWallets(root)[0].hotkeys).toEqual([{ name: "miner2", ss58: keypairFromMnemonic(HOT).ss58 }]);
    const missing = await caught(() =>
      create({
        wallet: "nobody",
        coldkey: undefined,
        hotkey: { name: "h", secret: secretFromMnemonic(HOT) },
      }),
    );
    expect(missing.code).toBe("WALLET_NOT_FOUND");
  });

  it("lists wallets sorted, skipping stray files and keeping unreadable ones visible", async () => {
    await create({ wallet: "b" });
    await create({ wallet: "a", hotkey: undefined });
    writeFileSync(join(root, "notes.txt"), "hello");
    writeFileSync(join(walletPaths(root, "b").hotkeys, "broken"), "{");
    const wallets = listWallets(root);
    expect(wallets.map((w) => w.name)).toEqual(["a", "b"]);
    expect(wallets[1].hotkeys).toEqual([
      { name: "broken" },
      { name: "default", ss58: keypairFromMnemonic(HOT).ss58 },
    ]);
    expect(listWallets(join(root, "missing"))).toEqual([]);
  });

  it("reports missing wallets and keys with their own codes", async () => {
    expect((await caught(() => loadColdkey(root, "ghost", password("pw")))).code).toBe("WALLET_NOT_FOUND");
    expect((await caught(() => readColdkeyAddress(root, "ghost"))).code).toBe("WALLET_NOT_FOUND");
    await create({ hotkey: undefined });
    expect((await caught(() => loadHotkey(root, "w", "nope", password("pw")))).code).toBe(
      "KEYFILE_NOT_FOUND",
    );
  });

  it.each(["", "..", ".hidden", "a/b", "a\\b", "x".repeat(65), "white space"])(
    "rejects the name %j",
    async (name) => {
      expect((await caught(() => checkName("wallet", name))).code).toBe("BAD_WALLET_NAME");
    },
  );

  it("defaults to NM_WALLET_PATH, else ~/.neuralmesh/wallets", () => {
    expect(defaultWalletRoot({ NM_WALLET_PATH: "/x/y" })).toBe("/x/y");
    expect(defaultWalletRoot({})).toMatch(/\.neuralmesh\/wallets$/);
  });
});
