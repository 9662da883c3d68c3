// The follower's sync loop: fetch the blocks after our best from the source, verify and import each (the
// node re-executes it; see chain/verify-block.ts), then wait for a new head. A refused block is logged and
// never committed: the follower stays at the block before it and retries, so it resumes if the source later
// serves the genuine block, and never diverges.
import type { Logger } from "../../log";
import { BlockImportError } from "../chain/verify-block";
import type { LedgerNode } from "../node";
import type { BlockSource } from "./source";

export interface FollowerOptions {
  /** Blocks asked for per GetBlocks. */
  batch?: number;
  /** Wait after a refused block or an unreachable source. */
  retryMs?: number;
  /** Longest wait for a head notification before polling anyway. */
  pollMs?: number;
}

export class GenesisMismatch extends Error {
  override readonly name = "GenesisMismatch";
}

export class Follower {
  /** The last refused block (cleared once a block imports again). */
  lastRejection: BlockImportError | undefined;
  rejections = 0;
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(
    readonly node: LedgerNode,
    readonly source: BlockSource,
    private readonly log: Logger,
    private readonly opts: FollowerOptions = {},
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.source.close();
    await this.loop;
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    const retryMs = this.opts.retryMs ?? 500;
    let genesisChecked = false;
    while (!signal.aborted) {
      try {
        if (!genesisChecked) {
          const g = await this.source.genesis();
          if (Buffer.compare(g.hash, this.node.params.genesisHash) !== 0) {
            throw new GenesisMismatch("the followed node runs another chain (genesis hash differs)");
          }
          genesisChecked = true;
        }
        const blocks = await this.source.blocks(this.node.bestNumber + 1n, this.opts.batch ?? 32);
        if (blocks.length === 0) {
          await this.source.waitForHead(this.node.bestNumber, this.opts.pollMs ?? 1000, signal);
          continue;
        }
        for (const b of blocks) {
          if (signal.aborted) break;
          // Its epochs are computed on the epoch worker first, so serving goes on meanwhile.
          await this.node.importBlockOffLoop(b);
          this.lastRejection = undefined;
          // Let reads and the RPC layer run between blocks while catching up.
          await new Promise((r) => setImmediate(r));
        }
      } catch (e) {
        if (signal.aborted) break;
        if (e instanceof GenesisMismatch) {
          this.log.error("follower stopped", { error: e.message });
          return;
        }
        if (e instanceof BlockImportError) {
          this.rejections++;
          this.lastRejection = e;
          this.log.error("block refused", { number: e.number, reason: e.reason, error: e.message });
        } else {
          this.log.warn("followed node unreachable", { error: (e as Error).message });
        }
        await sleep(retryMs, signal);
      }
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done);
  });
}
