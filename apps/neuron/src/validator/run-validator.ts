// A validator process: keeps its subnet view fresh, runs scoring rounds on a timer and sets weights when due.
import type { Subnet } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import type { Keypair } from "../../../../src/shared/keys";
import { ForwardClient } from "../peers/forward-client";
import { MetagraphCache } from "../peers/metagraph-cache";
import type { LedgerClient, NeuronLogger, SubmitFn } from "../runtime/types";
import { CommitReveal } from "./commit-reveal";
import { Validator, type ValidatorEvent } from "./validator";

export interface ValidatorOptions {
  ledger: LedgerClient;
  submit: SubmitFn;
  netuid: number;
  hotkey: Keypair;
  heldOut: Uint8Array;
  seed?: number;
  stepMs?: number;
  batch?: number;
  seq?: number;
  peersPerStep?: number;
  favourite?: string;
  log: NeuronLogger;
  onEvent?: (e: ValidatorEvent) => void;
}

export interface RunningValidator {
  validator: Validator;
  /** Runs one round and a weight check now (tests drive the loop with this instead of the timer). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export async function runValidator(opts: ValidatorOptions, startLoop = true): Promise<RunningValidator> {
  const cache = await new MetagraphCache(opts.ledger, opts.netuid).start();
  if (cache.uidOf(opts.hotkey.ss58) === undefined) {
    cache.stop();
    throw new Error(`validator hotkey ${opts.hotkey.ss58} is not registered on netuid ${opts.netuid}`);
  }
  let subnet: Subnet = await opts.ledger.getSubnet({ netuid: opts.netuid });
  let block = (await opts.ledger.getChainInfo({})).bestNumber;
  const forward = new ForwardClient(opts.hotkey);
  const commitReveal = new CommitReveal(opts.hotkey, opts.netuid, opts.submit);
  const validator = new Validator({
    hotkey: opts.hotkey,
    netuid: opts.netuid,
    heldOut: opts.heldOut,
    forward,
    view: () => ({ metagraph: cache.metagraph, subnet, block }),
    // set_weights, or commit_weights when the subnet uses commit-reveal (the reveal follows in tick).
    setWeights: (row) => commitReveal.setOrCommit(subnet, row),
    seed: opts.seed,
    batch: opts.batch,
    seq: opts.seq,
    peersPerStep: opts.peersPerStep,
    favourite: opts.favourite,
    onEvent: (e) => {
      if (e.kind === "weights") {
        opts.log.info(e.ok ? "weights set" : "weights refused", {
          block: e.block,
          n: e.row.uids.length,
          error: e.error,
        });
      }
      opts.onEvent?.(e);
    },
  });
  let running = false;
  let stopped = false;
  const tick = async () => {
    if (running || stopped) return;
    running = true;
    try {
      [subnet, block] = await Promise.all([
        opts.ledger.getSubnet({ netuid: opts.netuid }),
        opts.ledger.getChainInfo({}).then((c) => c.bestNumber),
      ]);
      await cache.refresh();
      await validator.step();
      await validator.maybeSetWeights();
      for (const r of await commitReveal.revealDue(block)) {
        opts.log.info(r.ok ? "weights revealed" : "weights reveal refused", {
          block: r.block,
          n: r.row.uids.length,
          error: r.error,
        });
      }
    } catch (e) {
      if (!stopped) opts.log.warn("validator round failed", { error: (e as Error).message });
    } finally {
      running = false;
    }
  };
  let timer: ReturnType<typeof setInterval> | undefined;
  if (startLoop) timer = setInterval(() => void tick(), opts.stepMs ?? 1_000);
  return {
    validator,
    tick,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      cache.stop();
    },
  };
}
