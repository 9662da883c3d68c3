// The chaos run's own reading of the issuance rules agrees with the ledger's on the chaos genesis: the same
// genesis issuance as the ledger's genesis builder, the same mint as one block of the ledger's emission.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseGenesis } from "../../apps/gateway/src/ledger/genesis";
import { getChain } from "../../apps/gateway/src/ledger/state/access";
import { accrueEmission } from "../../apps/gateway/src/ledger/state/emission";
import { MapState, Overlay } from "../../apps/gateway/src/ledger/state/overlay";
import { GenesisRulesError, genesisRules } from "./genesis-rules";

const text = readFileSync(new URL("./genesis-chaos.json", import.meta.url), "utf8");

describe("genesisRules", () => {
  it("matches the ledger's genesis issuance and one block's emission", () => {
    const rules = genesisRules(JSON.parse(text));
    const genesis = parseGenesis(text);
    const state = new Overlay(new MapState(genesis.entries));
    const before = getChain(state).issuance;
    expect(rules.genesisIssuance).toBe(before);
    accrueEmission(state, { ...genesis.params, genesisHash: new Uint8Array(32) });
    expect(getChain(state).issuance - before).toBe(rules.mintPerBlock);
    // Shares 2 and 1 of 1 token: each part floored, so one rao of the block emission is never minted.
    expect(rules.mintPerBlock).toBe(999_999_999n);
  });

  it("refuses genesis features it does not model", () => {
    expect(() => genesisRules({ generate_accounts: { count: 1 } })).toThrow(GenesisRulesError);
    expect(() => genesisRules({ subnets: [{ netuid: 1 }] })).toThrow(GenesisRulesError);
  });
});
