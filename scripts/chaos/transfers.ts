// The transfer generator: funded dev accounts submit signed transfers with wait_for_inclusion, one at a
// time each, through the authority or the follower (which forwards), and every hash the ledger reports
// as included is recorded with its block. A failure (the gateway was just killed) re-reads the nonce and
// carries on: an extrinsic lost from a dead node's pool was never reported, so it is not owed.
import { type Client, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { buildPayload, calls, signPayload } from "../../src/shared/extrinsics";
import { LedgerService } from "../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import type { Keypair } from "../../src/shared/keys";

export type LedgerClient = Client<typeof LedgerService>;

export function ledgerClient(url: string): LedgerClient {
  return createClient(LedgerService, createConnectTransport({ baseUrl: url, httpVersion: "1.1" }));
}

export interface Sender {
  key: Keypair;
  url: string;
  via: "authority" | "follower";
}

export interface IncludedTransfer {
  hash: string;
  block: bigint;
  sender: string;
  via: "authority" | "follower";
}

export interface TransferGenerator {
  readonly included: IncludedTransfer[];
  /** Submissions that failed (refused, timed out, or cut off by a kill). */
  failures(): number;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function startTransfers(opts: {
  senders: Sender[];
  dest: string;
  genesisHash: Uint8Array;
  /** Pause between one sender's transfers (keeps the load modest on a small machine). */
  pauseMs: number;
}): TransferGenerator {
  const included: IncludedTransfer[] = [];
  const abort = new AbortController();
  let failures = 0;
  let stopped = false;
  let amount = 1000n;
  const loops = opts.senders.map(async (s) => {
    const client = ledgerClient(s.url);
    let nonce: bigint | undefined;
    while (!stopped) {
      try {
        nonce ??= (
          await client.getAccount({ address: s.key.ss58 }, { signal: abort.signal, timeoutMs: 3000 })
        ).nonce;
        // A different amount each time: a resubmission after a lost answer is a new extrinsic, never a
        // byte-identical replay (that one would be AlreadyIncluded, which is fine, but tells us nothing).
        amount++;
        const payload = buildPayload({
          call: calls.transfer(opts.dest, amount),
          signer: s.key.ss58,
          nonce,
          genesisHash: opts.genesisHash,
        });
        const xt = signPayload(payload, s.key);
        const res = await client.submitExtrinsic(
          { extrinsic: xt.bytes, waitForInclusion: true },
          { signal: abort.signal, timeoutMs: 8000 },
        );
        if (res.blockNumber > 0n) {
          included.push({
            hash: Buffer.from(res.hash).toString("hex"),
            block: res.blockNumber,
            sender: s.key.ss58,
            via: s.via,
          });
        }
        nonce++;
      } catch {
        if (stopped) return;
        failures++;
        nonce = undefined;
        await sleep(300);
      }
      await sleep(opts.pauseMs);
    }
  });
  return {
    included,
    failures: () => failures,
    async stop() {
      stopped = true;
      abort.abort();
      await Promise.all(loops);
    },
  };
}
