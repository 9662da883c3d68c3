// `neuralmesh subnet list|show|metagraph`: read-only views of subnets and their per-UID consensus state.
import { toJson as protoToJson } from "@bufbuild/protobuf";
import { formatTokens } from "../../../../../src/shared/extrinsics";
import {
  HyperparametersSchema,
  type Metagraph,
  type Subnet,
} from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { formatTable, formatU16, ledgerCall, modalityName } from "../../ledger-client";
import { UsageError } from "../framework/errors";
import { printFields, printJson } from "../framework/output";
import { defineCommand, defineGroup, type OptionSpecs } from "../framework/types";
import { GATEWAY_OPTIONS, ledgerClient, parseNetuid, withCliErrors } from "./wallet";

const NETUID = {
  netuid: { type: "string", required: true, valueName: "n", description: "the subnet id" },
} as const satisfies OptionSpecs;

/** A subnet as JSON: amounts in rao (decimal strings), hyperparameters under their proto JSON names. */
export function subnetJson(subnet: Subnet) {
  return {
    netuid: subnet.netuid,
    name: subnet.name,
    modality: modalityName(subnet.modality),
    owner: subnet.owner,
    burn: subnet.burn,
    neuronCount: subnet.neuronCount,
    maxAllowedUids: subnet.hyperparameters?.maxAllowedUids ?? 0,
    pendingEmission: subnet.pendingEmission,
    lastEpochBlock: subnet.lastEpochBlock,
    nextEpochBlock: subnet.nextEpochBlock,
    registrationsThisInterval: subnet.registrationsThisInterval,
    registeredAt: subnet.registeredAt,
    hyperparameters: subnet.hyperparameters
      ? protoToJson(HyperparametersSchema, subnet.hyperparameters, { alwaysEmitImplicit: true })
      : {},
  };
}

const list = defineCommand({
  name: "list",
  summary: "every subnet: netuid, name, modality, neurons, burn, tempo, emission share",
  options: { ...GATEWAY_OPTIONS },
  examples: ["neuralmesh subnet list", "neuralmesh subnet list --json"],
  run: ({ values, io }) =>
    withCliErrors(async () => {
      const client = ledgerClient(values, io);
      const { subnets } = await ledgerCall(() => client.listSubnets({}));
      if (values.json) return printJson(io, { subnets: subnets.map(subnetJson) });
      // Shares are relative weights: each subnet's part of the block emission is its share of their sum.
      const shares = subnets.reduce((sum, s) => sum + (s.hyperparameters?.emissionShare ?? 0), 0);
      const rows = subnets.map((s) => {
        const h = s.hyperparameters;
        return [
          String(s.netuid),
          s.name,
          modalityName(s.modality),
          `${s.neuronCount}/${h?.maxAllowedUids ?? "?"}`,
          formatTokens(s.burn),
          String(h?.tempo ?? ""),
          shares > 0 && h ? `${((h.emissionShare / shares) * 100).toFixed(2)}%` : "",
          s.owner,
        ];
      });
      io.out(
        formatTable(["NETUID", "NAME", "MODALITY", "NEURONS", "BURN", "TEMPO", "EMISSION", "OWNER"], rows),
      );
    }),
});

const show = defineCommand({
  name: "show",
  summary: "one subnet: state, current burn and all hyperparameters",
  options: { ...GATEWAY_OPTIONS, ...NETUID },
  examples: ["neuralmesh subnet show --netuid 1"],
  run: ({ values, io }) =>
    withCliErrors(async () => {
      const netuid = parseNetuid(values.netuid);
      const client = ledgerClient(values, io);
      const subnet = await ledgerCall(() => client.getSubnet({ netuid }));
      const json = subnetJson(subnet);
      if (values.json) return printJson(io, json);
      printFields(io, [
        ["netuid", subnet.netuid],
        ["name", subnet.name],
        ["modality", json.modality],
        ["owner", subnet.owner],
        ["neurons", `${subnet.neuronCount}/${json.maxAllowedUids}`],
        ["burn", `${formatTokens(subnet.burn)} (the current cost to register)`],
        ["pending emission", formatTokens(subnet.pendingEmission)],
        ["last epoch", subnet.lastEpochBlock],
        ["next epoch", subnet.nextEpochBlock],
        ["registrations", `${subnet.registrationsThisInterval} this interval`],
        ["registered at", subnet.registeredAt],
      ]);
      io.out("\nHyperparameters\n");
      printFields(
        io,
        Object.entries(json.hyperparameters as Record<string, unknown>).map(([k, v]) => [
          `  ${k}`,
          String(v),
        ]),
      );
    }),
});

/** The metagraph's columns as JSON (u16 columns raw, 0..65535; stake and emission in rao). */
export function metagraphJson(m: Metagraph) {
  return {
    netuid: m.netuid,
    block: m.block,
    epochBlock: m.epochBlock,
    n: m.n,
    uids: m.hotkeys.map((_h, uid) => uid),
    hotkeys: m.hotkeys,
    coldkeys: m.coldkeys,
    stake: m.stake,
    rank: m.rank,
    trust: m.trust,
    consensus: m.consensus,
    incentive: m.incentive,
    dividends: m.dividends,
    emission: m.emission,
    validatorTrust: m.validatorTrust,
    validatorPermit: m.validatorPermit,
    active: m.active,
    lastUpdate: m.lastUpdate,
    blockAtRegistration: m.blockAtRegistration,
    pruningScore: m.pruningScore,
    axons: m.axons.map((a) => ({
      endpoint: a.endpoint,
      modality: modalityName(a.modality),
      protocol: a.protocol,
      version: a.version,
      block: a.block,
    })),
  };
}

const metagraph = defineCommand({
  name: "metagraph",
  summary: "the subnet's metagraph: per UID stake, rank, trust, consensus, incentive, dividends, emission",
  description:
    "u16 values print as fractions of 65535 (SPEC §7); --json gives the columns with raw u16 values.\n" +
    "--at-block N reads the metagraph of the epoch at or before block N.",
  options: {
    ...GATEWAY_OPTIONS,
    ...NETUID,
    "at-block": { type: "string", valueName: "n", description: "read the metagraph as of this block" },
  },
  examples: [
    "neuralmesh subnet metagraph --netuid 1",
    "neuralmesh subnet metagraph --netuid 1 --at-block 400 --json",
  ],
  run: ({ values, io }) =>
    withCliErrors(async () => {
      const netuid = parseNetuid(values.netuid);
      const atBlock = values["at-block"];
      if (atBlock !== undefined && !/^\d{1,20}$/.test(atBlock)) {
        throw new UsageError(`--at-block: ${JSON.stringify(atBlock)} is not a block number`);
      }
      const client = ledgerClient(values, io);
      const m = await ledgerCall(() =>
        client.getMetagraph(atBlock === undefined ? { netuid } : { netuid, atBlock: BigInt(atBlock) }),
      );
      if (values.json) return printJson(io, metagraphJson(m));
      io.out(`subnet ${m.netuid}  block ${m.block}  epoch ${m.epochBlock}  n ${m.n}\n`);
      const rows = m.hotkeys.map((hotkey, uid) => [
        String(uid),
        hotkey,
        formatTokens(m.stake[uid]),
        formatU16(m.rank[uid]),
        formatU16(m.trust[uid]),
        formatU16(m.consensus[uid]),
        formatU16(m.incentive[uid]),
        formatU16(m.dividends[uid]),
        formatTokens(m.emission[uid]),
        formatU16(m.validatorTrust[uid]),
        m.validatorPermit[uid] ? "yes" : "no",
        m.active[uid] ? "yes" : "no",
      ]);
      const headers = ["UID", "HOTKEY", "STAKE", "RANK", "TRUST", "CONSENSUS", "INCENTIVE", "DIVIDENDS"];
      io.out(formatTable([...headers, "EMISSION", "VTRUST", "PERMIT", "ACTIVE"], rows));
    }),
});

export default defineGroup({
  name: "subnet",
  summary: "list subnets, show one, and read its metagraph (now or at a past block)",
  commands: [list, show, metagraph],
});
