// Two tabs as two HotkeyTabs on Node's real BroadcastChannel (same API as the browser's).
import { afterEach, describe, expect, it } from "vitest";
import { HotkeyTabs } from "./tabs";

const open: HotkeyTabs[] = [];
afterEach(() => {
  for (const t of open.splice(0)) t.close();
});
function tab(): HotkeyTabs {
  const t = new HotkeyTabs();
  open.push(t);
  return t;
}

describe("HotkeyTabs", () => {
  it("a newer tab learns that an older one serves the hotkey; the older one hears it asked", async () => {
    const older = tab();
    const newer = tab();
    let asked = 0;
    older.claim("5Hot", { onAsked: () => asked++, onTakenOver: () => undefined });
    expect(await newer.othersServing("5Hot")).toBe(true);
    expect(asked).toBe(1);
    expect(await newer.othersServing("5Other", 100)).toBe(false);
  });

  it("taking over stops the older tab, which then no longer claims the hotkey", async () => {
    const older = tab();
    const newer = tab();
    const stopped = new Promise<void>((resolve) =>
      older.claim("5Hot", { onAsked: () => undefined, onTakenOver: resolve }),
    );
    newer.takeOver("5Hot");
    await stopped;
    expect(await tab().othersServing("5Hot", 100)).toBe(false);
  });

  it("a released claim is not reported, and a tab never answers itself", async () => {
    const only = tab();
    const release = only.claim("5Hot", { onAsked: () => undefined, onTakenOver: () => undefined });
    expect(await only.othersServing("5Hot", 100)).toBe(false);
    release();
    expect(await tab().othersServing("5Hot", 100)).toBe(false);
  });
});
