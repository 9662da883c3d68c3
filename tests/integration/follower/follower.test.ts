// Follower mode (SPEC §3.4): a second gateway started with --follow syncs, verifies and re-executes every
// block; it stays in step under load, serves the same reads, forwards submissions, refuses tampered blocks
// (and resumes with the genuine one), and catches up after either node restarts.
import { join } from "node:path";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { extrinsicsRoot } from "../../../apps/gateway/src/ledger/chain/header";
import type { RawBlock } from "../../../apps/gateway/src/ledger/chain/verify-block";
import type { BlockSource } from "../../../apps/gateway/src/ledger/follower/source";
import { replayDatabase } from "../../../apps/gateway/src/ledger/replay";
import { decodeExtrinsic } from "../../../apps/gateway/src/ledger/state/decode";
import { devKeypair } from "../../../src/shared/devnet";
import { calls } from "../../../src/shared/extrinsics";
import { BlockHeaderSchema } from "../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { sign as signBytes } from "../../../src/shared/keys";
import { alice, expectLedgerError, type LedgerClient, sign } from "../ledger/helpers";
import {
  connectClient,
  type Dirs,
  expectInStep,
  makeDirs,
  startAuthority,
  startFollower,
  waitFor,
} from "./helpers";

const authorityKey = devKeypair("authority");

/** Re-signs a header as the authority would: a misbehaving authority, not a forger. */
function resign(headerBytes: Uint8Array, change: (h: ReturnType<typeof decodeHeader>) => void): Uint8Array {
  const h = decodeHeader(headerBytes);
  change(h);
  h.signature = new Uint8Array();
  h.signature = signBytes(toBinary(BlockHeaderSchema, h), authorityKey.secretKey);
  return toBinary(BlockHeaderSchema, h);
}

function decodeHeader(bytes: Uint8Array) {
  return create(BlockHeaderSchema, fromBinary(BlockHeaderSchema, bytes));
}

function flip(bytes: Uint8Array, at: number): Uint8Array {
  const out = new Uint8Array(bytes);
  out[at] ^= 0x01;
  return out;
}

/** Wraps the real source; while `tamper` is set, the block it names comes back altered. */
class TamperingSource implements BlockSource {
  tamper: { number: bigint; alter: (b: RawBlock) => RawBlock } | undefined;
  served = 0;
  constructor(private readonly inner: BlockSource) {}
  genesis() {
    return this.inner.genesis();
  }
  async blocks(start: bigint, limit: number) {
    const blocks = await this.inner.blocks(start, limit);
    this.served += blocks.length;
    const t = this.tamper;
    return blocks.map((b) => (t && b.number === t.number ? t.alter(b) : b));
  }
  waitForHead(known: bigint, timeoutMs: number, signal: AbortSignal) {
    return this.inner.waitForHead(known, timeoutMs, signal);
  }
  close() {
    this.inner.close();
  }
}

describe("follower", () => {
  let dirs: Dirs;
  beforeEach(() => {
    dirs = makeDirs();
  });
  afterEach(() => dirs.remove());

  it("stays in step with the authority under load, serves reads and forwards submissions", async () => {
    const authority = await startAuthority(dirs, { blockTimeMs: 50 });
    const follower = await startFollower(dirs, authority, {}, "load");
    try {
      const viaFollower = connectClient(follower);
      const direct = connectClient(authority);
      const info = await viaFollower.getChainInfo({});
      expect(info.follower).toBe(true);
      expect(info.genesisHash).toEqual(authority.ledger.params.genesisHash);
      expect(() => follower.ledger.produceBlock()).toThrow(/authority key/);
      const node = { genesisHash: info.genesisHash };
      const dest = devKeypair("recipient").ss58;
      // Neurons on subnet 1 (tempo 4) so epochs, payouts and metagraph snapshots are re-executed too.
      for (let i = 0; i < 3; i++) {
        const hk = devKeypair(`hotkey/${i}`).ss58;
        const nonce = (await viaFollower.getAccount({ address: alice.ss58 })).nonce;
        const { burn } = await viaFollower.getSubnet({ netuid: 1 });
        const res = await viaFollower.submitExtrinsic({
          extrinsic: sign(node, alice, calls.burnedRegister(1, hk, burn), nonce),
          waitForInclusion: true,
        });
        expect(res.result?.success).toBe(true);
      }
      const stream = async (client: LedgerClient, name: string, ms: number) => {
        const kp = devKeypair(name);
        let nonce = (await client.getAccount({ address: kp.ss58 })).nonce;
        const end = Date.now() + ms;
        let sent = 0;
        while (Date.now() < end) {
          // Bursts of 20 pending nonces, then one waited on, so blocks carry many extrinsics.
          const burst = Array.from({ length: 20 }, (_, k) =>
            client.submitExtrinsic({
              extrinsic: sign(node, kp, calls.transfer(dest, 1000n + BigInt(k)), nonce + BigInt(k)),
              waitForInclusion: k === 19,
            }),
          );
          const results = await Promise.all(burst);
          expect(results[19].blockNumber).toBeGreaterThan(0n);
          nonce += 20n;
          sent += 20;
        }
        return sent;
      };
      const sent = await Promise.all([
        stream(viaFollower, "bob", 3000),
        stream(viaFollower, "charlie", 3000),
        stream(direct, "dave", 3000),
        stream(direct, "eve", 3000),
      ]);
      authority.ledger.stop();
      await expectInStep(authority, follower);
      expect(follower.follower?.rejections).toBe(0);
      expect(sent.reduce((a, b) => a + b, 0)).toBeGreaterThan(200);
      // The same reads from either node.
      const [a, f] = await Promise.all([direct.getChainInfo({}), viaFollower.getChainInfo({})]);
      expect({ ...f, follower: false }).toEqual({ ...a, blockTimeMs: f.blockTimeMs });
      expect(await viaFollower.getAccount({ address: dest })).toEqual(
        await direct.getAccount({ address: dest }),
      );
      const [ma, mf] = await Promise.all([
        direct.getMetagraph({ netuid: 1 }),
        viaFollower.getMetagraph({ netuid: 1 }),
      ]);
      expect(mf.n).toBe(3);
      expect(mf).toEqual(ma);
      expect(mf.epochBlock).toBeGreaterThan(0n);
      const last = await direct.getBlock({ id: { case: "number", value: a.bestNumber } });
      expect(await viaFollower.getBlock({ id: { case: "number", value: a.bestNumber } })).toEqual(last);
      // Submission errors come back from the authority with their stable names.
      await expectLedgerError(
        viaFollower.submitExtrinsic({ extrinsic: sign(node, alice, calls.transfer(dest, 1n), 0n) }),
        "Stale",
      );
    } finally {
      await follower.close();
      await authority.close();
    }
    const replay = replayDatabase(join(dirs.root, "load", "ledger.sqlite"));
    expect(replay.storedStateMatches).toBe(true);
  });

  it("refuses a tampered block, stays at the previous height, and resumes with the genuine one", async () => {
    const authority = await startAuthority(dirs);
    let source!: TamperingSource;
    const follower = await startFollower(
      dirs,
      authority,
      { wrapBlockSource: (inner) => (source = new TamperingSource(inner)) },
      "tamper",
    );
    try {
      const node = { genesisHash: authority.ledger.params.genesisHash };
      await expectInStep(authority, follower);
      let nonce = 0n;
      const cases: { name: string; reason: string; alter: (b: RawBlock) => RawBlock }[] = [
        {
          name: "a changed extrinsic",
          reason: "ExtrinsicsRootMismatch",
          alter: (b) => ({ ...b, extrinsics: [flip(b.extrinsics[0], b.extrinsics[0].length - 70)] }),
        },
        {
          // The authority itself signs a header over a different extrinsic: re-execution catches it.
          name: "a changed extrinsic under a re-signed header",
          reason: "InvalidExtrinsic",
          alter: (b) => {
            const x = flip(b.extrinsics[0], b.extrinsics[0].length - 70);
            const root = extrinsicsRoot([decodeExtrinsic(x, 1 << 16).hash]);
            return { ...b, extrinsics: [x], header: resign(b.header, (h) => (h.extrinsicsRoot = root)) };
          },
        },
        {
          name: "a changed state root",
          reason: "StateRootMismatch",
          alter: (b) => ({ ...b, header: resign(b.header, (h) => (h.stateRoot = flip(h.stateRoot, 3))) }),
        },
        {
          name: "a bad signature",
          reason: "BadBlockSignature",
          alter: (b) => {
            const h = decodeHeader(b.header);
            h.signature = flip(h.signature, 10);
            return { ...b, header: toBinary(BlockHeaderSchema, h) };
          },
        },
      ];
      for (const c of cases) {
        const before = authority.ledger.bestNumber;
        const target = before + 1n;
        source.tamper = { number: target, alter: c.alter };
        authority.ledger.submit(sign(node, alice, calls.transfer(devKeypair("bob").ss58, 5n), nonce++));
        authority.ledger.produceBlock();
        const rejections = follower.follower!.rejections;
        await waitFor(`${c.name} refused`, () => follower.follower!.rejections >= rejections + 2);
        expect(follower.follower!.lastRejection?.reason, c.name).toBe(c.reason);
        expect(follower.follower!.lastRejection?.number).toBe(target);
        expect(follower.ledger.bestNumber, c.name).toBe(before);
        expect((await connectClient(follower).getChainInfo({})).bestNumber).toBe(before);
        source.tamper = undefined;
        await expectInStep(authority, follower);
        // The import returns after the block's fsync, a few ms after its state is readable.
        await waitFor(
          `${c.name}: the genuine block imported`,
          () => follower.follower!.lastRejection === undefined,
        );
      }
    } finally {
      await follower.close();
      await authority.close();
    }
  });

  it("catches up after the follower is stopped, and after the authority restarts", async () => {
    let authority = await startAuthority(dirs);
    const grpcPort = Number(new URL(authority.grpcUrl).port);
    const node = { genesisHash: authority.ledger.params.genesisHash };
    const dest = devKeypair("bob").ss58;
    let nonce = 0n;
    const blocks = (n: number) => {
      for (let i = 0; i < n; i++) {
        authority.ledger.submit(sign(node, alice, calls.transfer(dest, 7n), nonce++));
        authority.ledger.produceBlock();
      }
    };
    let follower = await startFollower(dirs, authority, {}, "restart");
    try {
      blocks(3);
      await expectInStep(authority, follower);
      // Follower stopped while the chain moves on; it resumes from its own database.
      await follower.close();
      blocks(10);
      follower = await startFollower(dirs, authority, {}, "restart");
      await expectInStep(authority, follower);
      // Authority restarts on the same port; the follower reconnects and follows the new blocks.
      await authority.close();
      await new Promise((r) => setTimeout(r, 300));
      authority = await startAuthority(dirs, { grpcPort });
      blocks(5);
      await expectInStep(authority, follower);
      // And new heads arrive through the reopened WatchBlocks stream (or the poll) without any restart.
      blocks(1);
      await expectInStep(authority, follower);
    } finally {
      await follower.close();
      await authority.close();
    }
  });
});
