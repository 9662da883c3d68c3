// A miner process: registers its hotkey if needed, serves its model on an axon, announces the axon with
// serve_axon, and keeps its view of the subnet fresh so it can tell registered callers from strangers.
import { calls } from "../../../../src/shared/extrinsics";
import { Modality } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import type { Keypair } from "../../../../src/shared/keys";
import type { OnnxByteModel } from "../../../../src/shared/models/onnx-model";
import { MetagraphCache } from "../peers/metagraph-cache";
import { fastVerify } from "../runtime/fast-ed25519";
import type { LedgerClient, NeuronLogger, SubmitFn } from "../runtime/types";
import { answerFor, type MinerMode } from "./answers";
import { type AxonOptions, type RunningAxon, startAxon } from "./axon";
import type { AxonLimits } from "./axon-limits";

export interface MinerOptions {
  ledger: LedgerClient;
  submit: SubmitFn;
  netuid: number;
  hotkey: Keypair;
  /** Pays the burn when the hotkey is not registered yet; without it an unregistered miner stops. */
  coldkey?: Keypair;
  model?: OnnxByteModel;
  modelName: string;
  mode: MinerMode;
  host?: string;
  port?: number;
  /** Address announced on chain (defaults to host:port). */
  announce?: string;
  /** The modality announced (default: the subnet's). Tests use another to check the specialty rule. */
  modality?: Modality;
  log: NeuronLogger;
  /** Observes every request the axon answers or refuses (metrics, tests). */
  onRequest?: AxonOptions["onRequest"];
  /** The axon's message size, calls per peer address and idle timeout (axon-limits.ts). */
  axonLimits?: Partial<AxonLimits>;
}

export interface RunningMiner {
  axon: RunningAxon;
  uid: number;
  metagraph: MetagraphCache;
  stop(): Promise<void>;
}

export class MinerError extends Error {
  override readonly name = "MinerError";
}

async function ensureRegistered(opts: MinerOptions, cache: MetagraphCache): Promise<number> {
  const uid = cache.uidOf(opts.hotkey.ss58);
  if (uid !== undefined) return uid;
  if (!opts.coldkey) {
    throw new MinerError(
      `hotkey ${opts.hotkey.ss58} is not registered on netuid ${opts.netuid}; give a coldkey`,
    );
  }
  const subnet = await opts.ledger.getSubnet({ netuid: opts.netuid });
  opts.log.info("registering", { netuid: opts.netuid, burn: subnet.burn.toString() });
  // The burn just read (and logged) is the most this miner pays: a burn raised before inclusion refuses.
  const call = calls.burnedRegister(opts.netuid, opts.hotkey.ss58, subnet.burn);
  const r = await opts.submit(opts.coldkey, call);
  if (!r.ok) throw new MinerError(`registration failed: ${r.error}: ${r.message ?? ""}`);
  await cache.refresh();
  const registered = cache.uidOf(opts.hotkey.ss58);
  if (registered === undefined) throw new MinerError("registered, but the hotkey is not in the metagraph");
  return registered;
}

export async function runMiner(opts: MinerOptions): Promise<RunningMiner> {
  const cache = await new MetagraphCache(opts.ledger, opts.netuid).start();
  const uid = await ensureRegistered(opts, cache);
  const subnet = await opts.ledger.getSubnet({ netuid: opts.netuid });
  const modality = opts.modality ?? (subnet.modality as Modality);
  const axon = await startAxon({
    hotkey: opts.hotkey,
    netuid: opts.netuid,
    modality: Modality[modality] ?? "UNSPECIFIED",
    model: opts.modelName,
    host: opts.host ?? "127.0.0.1",
    port: opts.port ?? 0,
    answer: answerFor(opts.mode, opts.model, opts.modelName),
    callers: (hotkey) => cache.standing(hotkey),
    onRequest: opts.onRequest,
    verifier: fastVerify,
    limits: opts.axonLimits,
  });
  const endpoint = opts.announce ?? `${opts.host ?? "127.0.0.1"}:${axon.port}`;
  const served = await opts.submit(opts.hotkey, calls.serveAxon(opts.netuid, endpoint, modality, 0, 1));
  if (!served.ok) {
    await axon.close();
    cache.stop();
    throw new MinerError(`serve_axon failed: ${served.error}: ${served.message ?? ""}`);
  }
  opts.log.info("serving", { netuid: opts.netuid, uid, endpoint, model: opts.modelName, mode: opts.mode });
  return {
    axon,
    uid,
    metagraph: cache,
    async stop() {
      cache.stop();
      await axon.close();
      await opts.model?.release();
    },
  };
}
