import { getNeuron, requireSubnet, uidOf } from "../state/access";
import { fail } from "../state/errors";
import { event } from "../state/events";
import { keys } from "../state/keys";
import type { CallContext } from "./context";

const MAX_ENDPOINT = 256;

export function isValidEndpoint(endpoint: string): boolean {
  if (endpoint.length === 0 || endpoint.length > MAX_ENDPOINT) return false;
  if (endpoint.startsWith("bridge:")) return /^bridge:[\x21-\x7e]+$/.test(endpoint);
  const m = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\]):(\d{1,5})$/.exec(endpoint);
  if (!m) return false;
  const port = Number(m[2]);
  return port >= 1 && port <= 65535;
}

/** Signed by the hotkey: announces where the neuron serves. Free, rate-limited by serving_rate_limit. */
export function serveAxon(
  ctx: CallContext,
  netuid: number,
  endpoint: string,
  modality: number,
  protocol: number,
  version: number,
): void {
  const s = ctx.state;
  const subnet = requireSubnet(s, netuid);
  const uid = uidOf(s, netuid, ctx.signer);
  if (uid === undefined) fail("NotRegistered", `hotkey ${ctx.signer} has no UID on subnet ${netuid}`);
  if (!isValidEndpoint(endpoint)) {
    fail("InvalidEndpoint", `endpoint "${endpoint.slice(0, 64)}" is neither host:port nor bridge:<gateway>`);
  }
  const effective = modality === 0 ? subnet.modality : modality;
  if (effective !== subnet.modality) {
    fail(
      "ModalityMismatch",
      `subnet ${netuid} serves modality ${subnet.modality}, the axon says ${modality}`,
    );
  }
  const neuron = getNeuron(s, netuid, uid)!;
  const limit = BigInt(subnet.hp.servingRateLimit);
  if (neuron.axon && ctx.block - neuron.axon.block < limit) {
    const wait = neuron.axon.block + limit - ctx.block;
    fail("RateLimited", `serve_axon is limited to once per ${limit} blocks; wait ${wait} more block(s)`);
  }
  const axon = { endpoint, modality: effective, protocol, version, block: ctx.block };
  s.set(keys.neuron(netuid, uid), { ...neuron, axon });
  ctx.events.push(event("AxonServed", { netuid, uid, hotkey: ctx.signer, endpoint }));
}
