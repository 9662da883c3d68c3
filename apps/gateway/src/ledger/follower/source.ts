// Where a follower gets blocks from. The sync loop only sees this interface, so tests can wrap the real gRPC
// source to hand over a tampered block and check that it is refused.
import { type Client, createClient } from "@connectrpc/connect";
import { grpcTransport } from "../../../../../src/node/grpc-transport";
import { LedgerService } from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import type { RawBlock } from "../chain/verify-block";

export interface BlockSource {
  /** The genesis the followed chain started from, and its hash. */
  genesis(): Promise<{ json: string; hash: Uint8Array }>;
  /** Consecutive blocks from `start` (at most `limit`); empty at the source's head. */
  blocks(start: bigint, limit: number): Promise<RawBlock[]>;
  /** Resolves once the source may have a block above `known`, or after `timeoutMs` (polling fallback). */
  waitForHead(known: bigint, timeoutMs: number, signal: AbortSignal): Promise<void>;
  close(): void;
}

export type LedgerClient = Client<typeof LedgerService>;

export function ledgerGrpcClient(url: string): LedgerClient {
  // Blocks of 10,000 transfers are a few MiB; the server caps a GetBlocks answer well below this.
  return createClient(LedgerService, grpcTransport({ baseUrl: url, readMaxBytes: 64 * 1024 * 1024 }));
}

/** The authority's LedgerService over gRPC: GetBlocks for bodies, WatchBlocks (kept open) for new heads. */
export class GrpcBlockSource implements BlockSource {
  readonly client: LedgerClient;
  private head = -1n;
  private readonly wakers = new Set<() => void>();
  private readonly abort = new AbortController();
  private watching = false;

  constructor(readonly url: string) {
    this.client = ledgerGrpcClient(url);
  }

  async genesis() {
    const g = await this.client.getGenesis({}, { timeoutMs: 10_000 });
    return { json: g.genesisJson, hash: g.genesisHash };
  }

  async blocks(start: bigint, limit: number): Promise<RawBlock[]> {
    const res = await this.client.getBlocks({ start, limit }, { timeoutMs: 30_000 });
    return res.blocks.map((b) => ({ number: b.number, header: b.header, extrinsics: b.extrinsics }));
  }

  waitForHead(known: bigint, timeoutMs: number, signal: AbortSignal): Promise<void> {
    this.watch();
    if (this.head > known) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        signal.removeEventListener("abort", done);
        resolve();
      };
      const wake = () => {
        if (this.head > known) done();
      };
      const timer = setTimeout(done, timeoutMs);
      this.wakers.add(wake);
      signal.addEventListener("abort", done);
    });
  }

  /** Keeps one WatchBlocks stream open, reopening it after the authority restarts. */
  private watch(): void {
    if (this.watching) return;
    this.watching = true;
    const signal = this.abort.signal;
    void (async () => {
      while (!signal.aborted) {
        try {
          for await (const s of this.client.watchBlocks({}, { signal })) {
            this.head = s.header?.number ?? this.head;
            for (const w of [...this.wakers]) w();
          }
        } catch {
          // Unreachable or restarting: the sync loop polls meanwhile; retry the stream shortly.
        }
        if (!signal.aborted) await new Promise((r) => setTimeout(r, 500));
      }
    })();
  }

  close(): void {
    this.abort.abort();
    for (const w of [...this.wakers]) w();
  }
}
