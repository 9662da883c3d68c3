// A Sybil registration burst against a real gateway (its ledger, SQLite file, Connect over loopback): the burn
// doubles every interval the burst runs at its cap, the caps bound how many UIDs it takes per interval,
// staked honest neurons keep their UIDs, and the burn comes back down once the burst stops.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devKeypair } from "../../../src/shared/devnet";
import { auditDatabase, startTestNode, type TestNode } from "../ledger/helpers";
import {
  DEFAULT_SETUP,
  honestHotkey,
  NETUID,
  perInterval,
  type SybilReport,
  sybilBurst,
  sybilGenesis,
  sybilHotkey,
} from "./sybil-burst";

const COUNT = 30;
let node: TestNode;
let report: SybilReport;

beforeAll(async () => {
  node = await startTestNode(sybilGenesis());
  report = await sybilBurst(node.gateway.ledger, devKeypair("eve"), devKeypair("dave"), { count: COUNT });
});
afterAll(async () => {
  await node?.close();
});

describe("Sybil registration burst", () => {
  it("pays the burn the SPEC's adjustment sets: burn·(r + t)/(2t) per interval, r at the 3t cap doubling it", () => {
    const { hp } = report.subnet;
    const t = BigInt(hp.targetRegistrationsPerInterval);
    const cap = 3 * hp.targetRegistrationsPerInterval;
    const rows = perInterval(report);
    expect(rows.reduce((a, r) => a + r.registrations, 0)).toBe(COUNT);
    let expected = report.honestBefore.burn;
    rows.forEach((row, k) => {
      expect(row.interval, "one row per interval, in order").toBe(k + 1);
      expect(row.burn, `interval ${row.interval}`).toBe(expected);
      // Exactly the cap while the burst goes on (the last interval may be partial), never more.
      if (k < rows.length - 1) expect(row.registrations).toBe(cap);
      else expect(row.registrations).toBeLessThanOrEqual(cap);
      const next = (expected * (BigInt(row.registrations) + t)) / (2n * t);
      expected = next > hp.maxBurn ? hp.maxBurn : next;
    });
    expect(rows[1].burn).toBe(2n * rows[0].burn);
    // The attacker lost every burn and every fee, nothing else.
    const fees = report.registrations.reduce((a, r) => a + r.fee, 0n);
    expect(report.attackerCost).toBe(report.burned + fees);
  });

  it("an honest newcomer pays the raised burn after the burst, and the burn halves back each quiet interval", async () => {
    expect(report.honestAfter.burn).toBeGreaterThan(report.registrations[COUNT - 1].burn);
    const burns = report.recovery.map((q) => q.burn);
    for (let k = 1; k < burns.length; k++) expect(burns[k]).toBeLessThan(burns[k - 1]);
    expect(burns[burns.length - 1]).toBeLessThanOrEqual(report.honestBefore.burn);
    // The gateway serves the burn the ledger charges (what the wallet shows before signing).
    const served = await node.client.getSubnet({ netuid: NETUID });
    expect(served.burn).toBe(report.subnet.burn);
  });

  it("takes the free and unscored UIDs, never a staked honest neuron's, then recycles its own", async () => {
    expect(report.displacedStaked).toBe(0);
    expect(report.displacedUnscored).toBe(report.unscored);
    // Every UID not held by stake: the free ones and the unscored ones it displaced.
    expect(report.peakSlots).toBe(DEFAULT_SETUP.maxUids - DEFAULT_SETUP.staked);
    const sybils = new Set(Array.from({ length: COUNT }, (_, i) => sybilHotkey(i)));
    const recycled = report.registrations.filter((r) => r.replaced !== undefined && sybils.has(r.replaced));
    expect(recycled.length).toBeGreaterThan(0);
    expect(report.finalSlots).toBeLessThanOrEqual(report.peakSlots);
    const mg = await node.client.getMetagraph({ netuid: NETUID });
    expect(mg.hotkeys).toHaveLength(DEFAULT_SETUP.maxUids);
    for (let i = 0; i < DEFAULT_SETUP.staked; i++) expect(mg.hotkeys).toContain(honestHotkey(i));
    auditDatabase(node.dbPath);
  });
});
