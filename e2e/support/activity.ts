// Network activity for tests and benchmarks while real miners and validators are not running: validators
// set weights each tempo (scores that drift between epochs), servers announce axons, and accounts transfer,
// all as real signed extrinsics through the gateway, so the ledger's epoch produces real consensus values.
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { devKeypair, generatedKeypair } from "../../src/shared/devnet";
import { buildPayload, calls, signPayload } from "../../src/shared/extrinsics";
import { LedgerService, Modality } from "../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import type { Keypair } from "../../src/shared/keys";

export interface ServerGroup {
  netuid: number;
  firstUid: number;
  count: number;
  key: (j: number) => Keypair;
  modality: Modality;
  /** False when real miners serve these hotkeys themselves. */
  serve: boolean;
}

/** Hotkeys a genesis generated with `generate_neurons` (seed), as servers from `firstUid`. */
export function generatedServers(netuid: number, seed: string, count: number, firstUid: number): ServerGroup {
  return {
    netuid,
    firstUid,
    count,
    key: (j) => generatedKeypair(seed, "hotkey", j),
    modality: Modality.TEXT,
    serve: true,
  };
}

export interface ActivityOptions {
  url: string;
  /** Validators' dev hotkey indices and the subnet they validate. */
  validators: { netuid: number; hotkey: number }[];
  /** Groups of consecutive server uids: their keys, and whether this driver announces their axons. */
  servers: ServerGroup[];
  intervalMs?: number;
  /** At most this many servers per subnet announce an axon (default: two thirds of them). */
  axonLimit?: number;
}

export function ledgerClient(url: string) {
  return createClient(LedgerService, createConnectTransport({ baseUrl: url, httpVersion: "1.1" }));
}

export function startActivity(opts: ActivityOptions): { stop(): void } {
  const ledger = ledgerClient(opts.url);
  let stopped = false;
  let round = 0;
  let genesisHash: Uint8Array | undefined;

  const submit = async (signer: Keypair, call: ReturnType<typeof calls.transfer>) => {
    genesisHash ??= (await ledger.getChainInfo({})).genesisHash;
    const nonce = (await ledger.getAccount({ address: signer.ss58 })).nonce;
    const xt = signPayload(buildPayload({ call, signer: signer.ss58, nonce, genesisHash }), signer);
    await ledger.submitExtrinsic({ extrinsic: xt.bytes });
  };
  const quietly = (p: Promise<unknown>) => p.catch(() => undefined);

  const tick = async () => {
    round++;
    const jobs: Promise<unknown>[] = [];
    if (round === 1 || round % 20 === 0) {
      // Axons: two thirds of the servers serve; re-announced now and then (serving_rate_limit allows it).
      for (const s of opts.servers.filter((g) => g.serve)) {
        for (let j = 0, served = 0; j < s.count && served < (opts.axonLimit ?? s.count); j++) {
          if (j % 3 === 2) continue;
          served++;
          const key = s.key(j);
          const uid = s.firstUid + j;
          jobs.push(
            quietly(submit(key, calls.serveAxon(s.netuid, `127.0.0.1:${20000 + uid}`, s.modality, 4, 1))),
          );
        }
      }
    }
    for (const v of opts.validators) {
      const uids: number[] = [];
      const weights: number[] = [];
      for (const server of opts.servers.filter((s) => s.netuid === v.netuid)) {
        for (let j = 0; j < server.count; j++) {
          // A stable quality per server plus per-round noise, so ranks move a little between epochs.
          const uid = server.firstUid + j;
          const quality = ((uid * 7919) % 97) / 97;
          const noise = Math.abs(Math.sin(round * 1.7 + uid * 3.1 + v.hotkey)) * 0.3;
          uids.push(uid);
          weights.push(Math.max(1, Math.round((quality + noise) * 40000)));
        }
      }
      if (uids.length === 0) continue;
      const max = Math.max(...weights);
      jobs.push(
        quietly(
          submit(
            devKeypair(`hotkey/${v.hotkey}`),
            calls.setWeights(
              v.netuid,
              uids,
              weights.map((w) => Math.round((w / max) * 65535)),
            ),
          ),
        ),
      );
    }
    if (round % 3 === 0) {
      jobs.push(quietly(submit(devKeypair("alice"), calls.transfer(devKeypair("bob").ss58, 1_000_000_000n))));
    }
    await Promise.all(jobs);
  };

  void (async () => {
    while (!stopped) {
      await tick().catch(() => undefined);
      await new Promise((r) => setTimeout(r, opts.intervalMs ?? 1_000));
    }
  })();
  return {
    stop() {
      stopped = true;
    },
  };
}

/**
 * The e2e network (e2e/fixtures/genesis-e2e.json), laid out like the devnet genesis: on subnet 1, dev hotkeys
 * 0..5 are servers (the miners `npm start` runs), 6 and 7 validators (the real validators' keys), 8 and 9
 * validators this driver runs, and uids 10..63 generated servers. With `realNeurons`, real miners serve
 * 0..5 and real validators sign for 6 and 7; otherwise this driver stands in for them.
 */
export function e2eActivity(realNeurons: boolean): Omit<ActivityOptions, "url"> {
  const devServers: ServerGroup = {
    netuid: 1,
    firstUid: 0,
    count: 6,
    key: (j) => devKeypair(`hotkey/${j}`),
    modality: Modality.TEXT,
    serve: !realNeurons,
  };
  return {
    validators: (realNeurons ? [8, 9] : [6, 7, 8, 9]).map((hotkey) => ({ netuid: 1, hotkey })),
    servers: [devServers, generatedServers(1, "e2e/text", 54, 10)],
  };
}
