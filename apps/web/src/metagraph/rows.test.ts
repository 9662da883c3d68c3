import { create } from "@bufbuild/protobuf";
import { describe, expect, it } from "vitest";
import { MetagraphSchema, Modality } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { filterRows, metagraphRows } from "./rows";
import { DEFAULT_VIEW, nextSort, parseView, writeView } from "./urlState";

const mg = create(MetagraphSchema, {
  netuid: 1,
  block: 200n,
  epochBlock: 195n,
  n: 3,
  hotkeys: ["5HotA", "5HotB", "5HotC"],
  coldkeys: ["5ColdX", "5ColdX", "5ColdY"],
  stake: [10n, 20n, 30n],
  rank: [1, 2, 3],
  trust: [4, 5, 6],
  consensus: [7, 8, 9],
  incentive: [0, 30000, 35535],
  dividends: [65535, 0, 0],
  emission: [100n, 200n, 300n],
  validatorTrust: [60000, 0, 0],
  validatorPermit: [true, false, false],
  active: [true, true, false],
  lastUpdate: [199n, 150n, 0n],
  blockAtRegistration: [0n, 190n, 50n],
  pruningScore: [1, 2, 3],
  axons: [{}, { endpoint: "1.2.3.4:5", modality: Modality.TEXT, protocol: 4, version: 1 }, {}],
});

describe("metagraphRows", () => {
  it("turns columns into rows with derived fields", () => {
    const rows = metagraphRows(mg, 100);
    expect(rows).toHaveLength(3);
    expect(rows[1]).toMatchObject({
      uid: 1,
      hotkey: "5HotB",
      stake: 20n,
      incentive: 30000,
      updated: 50,
      immune: true,
      endpoint: "1.2.3.4:5",
      modality: Modality.TEXT,
    });
    expect(rows[0].immune).toBe(false);
    expect(rows[2].updated).toBe(200);
  });
});

describe("filterRows", () => {
  const rows = metagraphRows(mg, 100);
  it("filters by role and activity", () => {
    expect(filterRows(rows, "validators", "").map((r) => r.uid)).toEqual([0]);
    expect(filterRows(rows, "servers", "").map((r) => r.uid)).toEqual([1, 2]);
    expect(filterRows(rows, "active", "").map((r) => r.uid)).toEqual([0, 1]);
    expect(filterRows(rows, "all", "").map((r) => r.uid)).toEqual([0, 1, 2]);
  });
  it("searches an exact uid or a key substring", () => {
    expect(filterRows(rows, "all", "2").map((r) => r.uid)).toEqual([2]);
    expect(filterRows(rows, "all", "ColdX").map((r) => r.uid)).toEqual([0, 1]);
    expect(filterRows(rows, "servers", "HotB").map((r) => r.uid)).toEqual([1]);
    expect(filterRows(rows, "validators", "HotB")).toEqual([]);
  });
});

describe("URL state", () => {
  const sortable = ["uid", "incentive", "stake"];
  it("reads defaults from an empty query", () => {
    expect(parseView(new URLSearchParams(""), sortable)).toEqual(DEFAULT_VIEW);
  });
  it("round-trips a shared view", () => {
    const view = {
      sort: "incentive",
      dir: "desc",
      filter: "validators",
      q: "5Hot",
      at: 1234,
      units: "percent",
    } as const;
    const params = writeView(view);
    expect(params.toString()).toBe("sort=incentive&dir=desc&filter=validators&q=5Hot&at=1234&units=pct");
    expect(parseView(params, sortable)).toEqual(view);
  });
  it("ignores unknown values", () => {
    const v = parseView(new URLSearchParams("sort=bogus&dir=up&filter=x&at=-1"), sortable);
    expect(v).toEqual(DEFAULT_VIEW);
  });
  it("keeps unrelated params and drops defaults", () => {
    const p = writeView(DEFAULT_VIEW, new URLSearchParams("tab=x&sort=stake"));
    expect(p.toString()).toBe("tab=x");
  });
  it("flips direction on the same column, starts a new one per its kind", () => {
    const v = nextSort(DEFAULT_VIEW, "uid", true);
    expect(v.dir).toBe("desc");
    expect(nextSort(DEFAULT_VIEW, "incentive", false)).toMatchObject({ sort: "incentive", dir: "desc" });
    expect(nextSort(DEFAULT_VIEW, "hotkey", true)).toMatchObject({ sort: "hotkey", dir: "asc" });
  });
});
