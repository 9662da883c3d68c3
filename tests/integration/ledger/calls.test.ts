// Every LedgerService call's happy path and every call-specific rejection (SPEC §3.2), through real clients.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devKeypair, generatedKeypair } from "../../../src/shared/devnet";
import { calls, extrinsicFee } from "../../../src/shared/extrinsics";
import { Modality } from "../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import {
  alice,
  auditDatabase,
  bob,
  charlie,
  expectLedgerError,
  include,
  nonceOf,
  run,
  sign,
  startTestNode,
  type TestNode,
  TOKEN,
} from "./helpers";

const h0 = generatedKeypair("calls-test", "hotkey", 0);
const h1 = generatedKeypair("calls-test", "hotkey", 1);
const h2 = generatedKeypair("calls-test", "hotkey", 2);
const stranger = generatedKeypair("calls-test", "coldkey", 9);

const dave = devKeypair("dave");
let node: TestNode;
const produce = () => node.gateway.ledger.produceBlock();
async function untilEpoch(netuid = 1) {
  const subnet = await node.client.getSubnet({ netuid });
  while (node.gateway.ledger.bestNumber < subnet.nextEpochBlock) produce();
}
async function rejected(keypair: typeof alice, call: ReturnType<typeof calls.transfer>, name: string) {
  const before = await node.client.getAccount({ address: keypair.ss58 });
  const nonce = await nonceOf(node.client, keypair.ss58);
  await expectLedgerError(node.client.submitExtrinsic({ extrinsic: sign(node, keypair, call, nonce) }), name);
  const after = await node.client.getAccount({ address: keypair.ss58 });
  expect(after.free).toBe(before.free);
  expect(after.nonce).toBe(before.nonce);
}

beforeAll(async () => {
  node = await startTestNode();
});
afterAll(async () => {
  await node?.close();
});

describe("ledger calls", () => {
  it("reports chain info over Connect and gRPC", async () => {
    const info = await node.client.getChainInfo({});
    expect(info.chainId).toBe("neuralmesh-test");
    expect(info.genesisHash.length).toBe(32);
    expect(info.bestNumber).toBe(0n);
    expect(info.specVersion).toBe(1);
    expect(info.fee).toBe(100_000n);
    const viaGrpc = await node.grpc.getChainInfo({});
    expect(viaGrpc.genesisHash).toEqual(info.genesisHash);
  });

  it("transfers, charges the fee and indexes the extrinsic", async () => {
    // dave owns no subnet, so no owner cut lands on him in between.
    const before = await node.client.getAccount({ address: dave.ss58 });
    const res = await run(node, alice, calls.transfer(dave.ss58, 2n * TOKEN));
    expect(res.result?.success).toBe(true);
    const after = await node.client.getAccount({ address: dave.ss58 });
    expect(after.free - before.free).toBe(2n * TOKEN);
    const record = await node.client.getExtrinsic({ hash: res.hash });
    // The flat fee plus the per-byte fee over the extrinsic's length (genesis default 1,000 rao a byte).
    expect(res.result?.fee).toBe(100_000n + 1_000n * BigInt(record.extrinsic.length));
    expect(res.result?.fee).toBe(
      extrinsicFee(await node.client.getChainInfo({}), record.extrinsic.length, 0n, false),
    );
    expect(record.blockNumber).toBe(res.blockNumber);
    expect(record.decoded?.payload?.signer).toBe(alice.ss58);
    const listed = await node.client.listAccountExtrinsics({ address: dave.ss58 });
    expect(listed.extrinsics.map((x) => x.hash)).toContainEqual(res.hash);
    const block = await node.client.getBlock({ id: { case: "number", value: res.blockNumber } });
    expect(block.extrinsics).toHaveLength(1);
    const byHash = await node.client.getBlock({ id: { case: "hash", value: block.hash } });
    expect(byHash.header?.number).toBe(res.blockNumber);
    const blocks = await node.client.listBlocks({ limit: 5 });
    expect(blocks.blocks[0].header?.number).toBe(res.blockNumber);
    auditDatabase(node.dbPath);
  });

  it("rejects bad transfers with their names", async () => {
    await rejected(stranger, calls.transfer(bob.ss58, 1n), "InsufficientBalance");
    await rejected(alice, calls.transfer("5notAnAddress", 1n), "InvalidAddress");
    await rejected(alice, calls.transfer(bob.ss58, 0n), "ZeroAmount");
    await rejected(alice, calls.addStake(h0.ss58, TOKEN), "HotkeyNotFound");
  });

  it("registers with burn, stakes, unstakes and serves", async () => {
    const subnet = await node.client.getSubnet({ netuid: 1 });
    const r0 = await run(node, alice, calls.burnedRegister(1, h0.ss58, subnet.burn));
    expect(r0.result?.success).toBe(true);
    expect(r0.result?.events[0].fields.uid).toBe("0");
    expect((await run(node, bob, calls.burnedRegister(1, h1.ss58, subnet.burn))).result?.success).toBe(true);
    await rejected(bob, calls.burnedRegister(1, h1.ss58, subnet.burn), "AlreadyRegistered");
    await rejected(bob, calls.burnedRegister(2, h0.ss58, subnet.burn), "NonAssociatedColdkey");
    await rejected(bob, calls.burnedRegister(9, h2.ss58, subnet.burn), "SubnetNotFound");
    const info = await node.client.getChainInfo({});
    expect(info.totalBurned).toBeGreaterThanOrEqual(2n * subnet.burn);

    expect((await run(node, alice, calls.addStake(h0.ss58, 100n * TOKEN))).result?.success).toBe(true);
    expect((await run(node, alice, calls.removeStake(h0.ss58, 10n * TOKEN))).result?.success).toBe(true);
    await rejected(alice, calls.removeStake(h0.ss58, 1000n * TOKEN), "NotEnoughStakeToWithdraw");
    const account = await node.client.getAccount({ address: alice.ss58 });
    expect(account.stakes).toEqual([expect.objectContaining({ hotkey: h0.ss58, amount: 90n * TOKEN })]);
    const hot = await node.client.getAccount({ address: h0.ss58 });
    expect(hot.nominators[0].coldkey).toBe(alice.ss58);

    const serve = await run(node, h1, calls.serveAxon(1, "127.0.0.1:9000", Modality.TEXT, 1, 2));
    expect(serve.result?.success).toBe(true);
    expect(serve.result?.fee).toBe(0n);
    await rejected(h1, calls.serveAxon(1, "127.0.0.1:9001", Modality.TEXT), "RateLimited");
    await rejected(h0, calls.serveAxon(1, "not an endpoint", Modality.TEXT), "InvalidEndpoint");
    await rejected(h0, calls.serveAxon(1, "bridge:gw", Modality.IMAGE), "ModalityMismatch");
    await rejected(h2, calls.serveAxon(1, "bridge:gw", Modality.TEXT), "NotRegistered");
    auditDatabase(node.dbPath);
  });

  it("sets weights after an epoch grants permits, and rejects every bad set_weights", async () => {
    // Before any epoch nobody holds a permit: only a self-weight is allowed.
    await rejected(h0, calls.setWeights(1, [1], [65535]), "NoValidatorPermit");
    expect((await run(node, h1, calls.setWeights(1, [1], [65535]))).result?.success).toBe(true);
    await untilEpoch();
    const mg = await node.client.getMetagraph({ netuid: 1 });
    expect(mg.validatorPermit[0]).toBe(true);

    await rejected(h0, calls.setWeights(7, [1], [1]), "SubnetNotFound");
    await rejected(h0, calls.setWeights(1, [0, 1], [1]), "WeightVecLengthMismatch");
    await rejected(h2, calls.setWeights(1, [1], [1]), "NotRegistered");
    await rejected(h0, calls.setWeights(1, [1, 1], [5, 5]), "DuplicateUids");
    await rejected(h0, calls.setWeights(1, [1, 40], [5, 5]), "UidOutOfRange");
    await rejected(h0, calls.setWeights(1, [1], [70000]), "WeightOutOfRange");
    const setHp = (key: string, value: string) => run(node, alice, calls.setHyperparameter(1, key, value));
    expect((await setHp("min_stake_for_weights", String(1000n * TOKEN))).result?.success).toBe(true);
    await rejected(h0, calls.setWeights(1, [1], [1]), "NotEnoughStake");
    await setHp("min_stake_for_weights", "0");
    await setHp("weights_version_key", "5");
    await rejected(h0, calls.setWeights(1, [1], [1], 4n), "IncorrectVersionKey");
    await setHp("weights_version_key", "0");
    await setHp("min_allowed_weights", "2");
    await rejected(h0, calls.setWeights(1, [1], [1]), "TooFewWeights");
    await setHp("min_allowed_weights", "1");
    await setHp("max_weight_limit", "40000");
    await rejected(h0, calls.setWeights(1, [0, 1], [1, 65535]), "MaxWeightExceeded");
    await setHp("max_weight_limit", "65535");

    const ok = await run(node, h0, calls.setWeights(1, [0, 1], [10, 65535]));
    expect(ok.result?.success).toBe(true);
    expect(ok.result?.fee).toBe(0n);
    await rejected(h0, calls.setWeights(1, [1], [1]), "RateLimited");
    const neuron = await node.client.getNeuron({ netuid: 1, id: { case: "uid", value: 0 } });
    expect(neuron.weights?.uids).toEqual([0, 1]);
    expect(neuron.weights?.values).toEqual([10, 65535]);
    expect(neuron.lastUpdate).toBe(ok.blockNumber);
  });

  it("pays the epoch: incentive to the server, dividends to the validator, history kept", async () => {
    const before = await node.client.getAccount({ address: h1.ss58 });
    await untilEpoch();
    produce();
    await untilEpoch();
    const mg = await node.client.getMetagraph({ netuid: 1 });
    expect(mg.n).toBe(2);
    expect(mg.incentive[1]).toBeGreaterThan(0);
    expect(mg.dividends[0]).toBeGreaterThan(0);
    expect(mg.emission[1]).toBeGreaterThan(0n);
    expect(mg.axons[1].endpoint).toBe("127.0.0.1:9000");
    const after = await node.client.getAccount({ address: h1.ss58 });
    expect(after.nominators[0].amount).toBeGreaterThan(before.nominators[0]?.amount ?? 0n);
    const history = await node.client.getEmissionHistory({ netuid: 1 });
    expect(history.epochs.length).toBeGreaterThanOrEqual(2);
    const e = history.epochs[0];
    expect(e.owner).toBeGreaterThan(0n);
    expect(e.server + e.validator).toBeGreaterThan(0n);
    const neuron = await node.client.getNeuron({ netuid: 1, id: { case: "hotkey", value: h1.ss58 } });
    expect(neuron.history.length).toBeGreaterThanOrEqual(2);
    expect(neuron.axon?.endpoint).toBe("127.0.0.1:9000");
    const past = await node.client.getMetagraph({ netuid: 1, atBlock: neuron.history[1].block });
    expect(past.block).toBe(neuron.history[1].block);
    const withWeights = await node.client.getMetagraph({
      netuid: 1,
      includeWeights: true,
      includeBonds: true,
    });
    expect(withWeights.weights[0].uids).toEqual([0, 1]);
    // A past block has its epoch's matrices too (the epoch input history, epoch-input.test.ts).
    const pastWeights = await node.client.getMetagraph({
      netuid: 1,
      atBlock: neuron.history[1].block,
      includeWeights: true,
    });
    expect(pastWeights.weights.length).toBe(pastWeights.n);
    auditDatabase(node.dbPath);
  });

  it("creates a subnet and lets only its owner tune it", async () => {
    const res = await run(node, charlie, calls.registerSubnet(Modality.AUDIO, "speech"));
    expect(res.result?.success).toBe(true);
    const subnets = await node.client.listSubnets({});
    const created = subnets.subnets.find((s) => s.name === "speech")!;
    expect(created.owner).toBe(charlie.ss58);
    expect(
      (await run(node, charlie, calls.setHyperparameter(created.netuid, "tempo", "7"))).result?.success,
    ).toBe(true);
    expect((await node.client.getSubnet({ netuid: created.netuid })).hyperparameters?.tempo).toBe(7);
    await rejected(bob, calls.setHyperparameter(created.netuid, "tempo", "9"), "NotSubnetOwner");
    await rejected(charlie, calls.setHyperparameter(created.netuid, "nope", "9"), "UnknownHyperparameter");
    await rejected(
      charlie,
      calls.setHyperparameter(created.netuid, "kappa", "-1"),
      "InvalidHyperparameterValue",
    );
    await rejected(charlie, calls.registerSubnet(Modality.AUDIO, "bad/name"), "InvalidSubnetName");
  });

  it("caps registrations per block; a failed call keeps its fee and nonce", async () => {
    const start = await nonceOf(node.client, alice.ss58);
    const shown = (await node.client.getSubnet({ netuid: 1 })).burn;
    const hashes = [];
    for (let i = 0; i < 5; i++) {
      const hot = generatedKeypair("calls-test", "hotkey", 100 + i);
      const res = await node.client.submitExtrinsic({
        extrinsic: sign(node, alice, calls.burnedRegister(1, hot.ss58, shown), start + BigInt(i)),
      });
      hashes.push(res.hash);
    }
    const before = await node.client.getAccount({ address: alice.ss58 });
    produce();
    const records = await Promise.all(hashes.map((hash) => node.client.getExtrinsic({ hash })));
    const fees = records.reduce((sum, r) => sum + (r.result?.fee ?? 0n), 0n);
    expect(fees).toBe(records.reduce((sum, r) => sum + 100_000n + 1_000n * BigInt(r.extrinsic.length), 0n));
    const last = await node.client.getExtrinsic({ hash: hashes[4] });
    expect(last.result?.success).toBe(false);
    expect(last.result?.error).toBe("TooManyRegistrationsThisBlock");
    const after = await node.client.getAccount({ address: alice.ss58 });
    expect(after.nonce).toBe(start + 5n);
    const burn = (await node.client.getSubnet({ netuid: 1 })).burn;
    expect(before.free - after.free).toBe(fees + 4n * burn);
    auditDatabase(node.dbPath);
  });

  it("transfer_all empties the account", async () => {
    await run(node, alice, calls.transfer(stranger.ss58, TOKEN));
    const res = await run(node, stranger, calls.transferAll(bob.ss58));
    expect(res.result?.success).toBe(true);
    expect((await node.client.getAccount({ address: stranger.ss58 })).free).toBe(0n);
  });

  it("streams blocks and metagraphs", async () => {
    const ac = new AbortController();
    const blocks = node.client.watchBlocks({}, { signal: ac.signal });
    const graphs = node.grpc.watchMetagraph({ netuid: 1 }, { signal: ac.signal });
    const gotBlock = (async () => {
      for await (const b of blocks) return b;
    })();
    const gotGraph = (async () => {
      for await (const m of graphs) return m;
    })();
    await new Promise((r) => setTimeout(r, 100));
    await untilEpoch();
    produce();
    await untilEpoch();
    expect((await gotBlock)?.header?.number).toBeGreaterThan(0n);
    expect((await gotGraph)?.netuid).toBe(1);
    ac.abort();
  });

  it("pays out of the faucet once per interval", async () => {
    const newcomer = generatedKeypair("calls-test", "coldkey", 77);
    const pending = node.client.requestFaucet({ address: newcomer.ss58 });
    await new Promise((r) => setTimeout(r, 50));
    produce();
    const res = await pending;
    expect(res.amount).toBe(5n * TOKEN);
    expect((await node.client.getAccount({ address: newcomer.ss58 })).free).toBe(5n * TOKEN);
    await expectLedgerError(node.client.requestFaucet({ address: newcomer.ss58 }), "RateLimited");
  });

  it("answers reads of missing things with not_found", async () => {
    await expectLedgerError(
      node.client.getBlock({ id: { case: "number", value: 999_999n } }),
      "BlockNotFound",
    );
    await expectLedgerError(node.client.getExtrinsic({ hash: new Uint8Array(32) }), "ExtrinsicNotFound");
    await expectLedgerError(node.client.getSubnet({ netuid: 99 }), "SubnetNotFound");
    await expectLedgerError(
      node.client.getNeuron({ netuid: 1, id: { case: "uid", value: 999 } }),
      "NeuronNotFound",
    );
    await expectLedgerError(node.client.getAccount({ address: "nope" }), "InvalidAddress");
  });
});

void include;
