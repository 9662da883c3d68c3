// The light miner page brought to "serving" the shortest way the UI allows (e2e/miner.spec.ts walks every
// step with its checks): both keys imported from the old page's localStorage under one password, the hotkey
// unlocked, test tokens from the faucet, burned_register, a model loaded, Start.
import { expect, type Page } from "@playwright/test";
import { generateMnemonic, keypairFromMnemonic } from "../../src/shared/keys";

export const MINER_PASSWORD = "miner e2e password";

export interface MinerKeys {
  hotMnemonic: string;
  coldMnemonic: string;
  hotkey: string;
  coldkey: string;
}

export function newMinerKeys(): MinerKeys {
  const hotMnemonic = generateMnemonic(12);
  const coldMnemonic = generateMnemonic(12);
  return {
    hotMnemonic,
    coldMnemonic,
    hotkey: keypairFromMnemonic(hotMnemonic).ss58,
    coldkey: keypairFromMnemonic(coldMnemonic).ss58,
  };
}

/** Opens /miner with `keys` in the wallet (imported once from legacy localStorage entries). */
export async function openWithKeys(page: Page, url: string, keys: MinerKeys): Promise<void> {
  await page.addInitScript(
    (k) => {
      if (sessionStorage.getItem("nm-e2e-seeded")) return;
      sessionStorage.setItem("nm-e2e-seeded", "1");
      localStorage.setItem("neuralmesh.miner.hotkey", JSON.stringify({ v: 1, mnemonic: k.hot }));
      localStorage.setItem("neuralmesh.miner.coldkey", JSON.stringify({ v: 1, mnemonic: k.cold }));
    },
    { hot: keys.hotMnemonic, cold: keys.coldMnemonic },
  );
  await page.goto(`${url}/miner`);
  const offer = page.getByTestId("legacy-keys");
  await offer.getByLabel("New password", { exact: true }).fill(MINER_PASSWORD);
  await offer.getByLabel("Repeat the password").fill(MINER_PASSWORD);
  await offer.getByRole("button", { name: /^Import/ }).click();
  await expect(page.getByTestId("legacy-imported")).toBeVisible();
  await expect(page.getByTestId("hotkey-address")).toHaveText(keys.hotkey);
}

/** Unlocks the hotkey (the wallet's password) on a page that has the keys. */
export async function unlockHotkey(page: Page): Promise<void> {
  const card = page.getByTestId("hotkey-card");
  await card.getByLabel("Hotkey password").fill(MINER_PASSWORD);
  await card.getByRole("button", { name: "Unlock hotkey" }).click();
  await expect(page.getByTestId("hotkey-unlocked")).toBeVisible();
}

/** Faucet, then burned_register signed by the coldkey. */
export async function loadModel(page: Page, model: string): Promise<void> {
  await page.getByLabel("Model", { exact: true }).selectOption(model);
  await page.getByRole("button", { name: "Load model" }).click();
  // Fetching and compiling a model takes seconds on a loaded machine.
  await expect(page.getByTestId("model-loaded")).toContainText(model, { timeout: 30_000 });
}

export async function startServing(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Start mining" }).click();
  await expect(page.getByTestId("serve-status")).toHaveText("serving");
}

/**
 * Starts recording the page's long tasks (over 50 ms on the main thread, the Long Tasks API); `read` gives
 * their durations in ms since the start.
 */
export async function watchLongTasks(page: Page): Promise<{ read(): Promise<number[]> }> {
  await page.evaluate(() => {
    const w = window as unknown as { __nmLongTasks: number[]; __nmLongTaskObserver?: PerformanceObserver };
    w.__nmLongTaskObserver?.disconnect();
    w.__nmLongTasks = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__nmLongTasks.push(e.duration);
    });
    observer.observe({ type: "longtask" });
    w.__nmLongTaskObserver = observer;
  });
  return {
    read: () => page.evaluate(() => [...(window as unknown as { __nmLongTasks: number[] }).__nmLongTasks]),
  };
}
