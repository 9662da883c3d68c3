// `neuralmesh block show`: a block's header, extrinsics (with their results) and events.
import { toJson as protoToJson } from "@bufbuild/protobuf";
import { formatTokens } from "../../../../../src/shared/extrinsics";
import {
  type Block,
  CallSchema,
  type GetBlockRequest,
} from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { fromHex, toHex } from "../../../../../src/shared/keys";
import { getWholeBlock } from "../../../../../src/shared/ledger/block-pages";
import { formatTable, formatTimestamp, type LedgerClient, ledgerCall } from "../../ledger-client";
import { UsageError } from "../framework/errors";
import { printFields, printJson } from "../framework/output";
import { defineCommand, defineGroup } from "../framework/types";
import { eventJson, GATEWAY_OPTIONS, ledgerClient, withCliErrors } from "./wallet";

type BlockId = GetBlockRequest["id"];

/** `latest`, a block number, or a 0x block hash. */
export function parseBlockId(text: string): "latest" | BlockId {
  if (text === "latest") return "latest";
  if (/^\d{1,20}$/.test(text)) return { case: "number", value: BigInt(text) };
  if (/^0x[0-9a-fA-F]{64}$/.test(text)) return { case: "hash", value: fromHex(text) };
  throw new UsageError(
    `${JSON.stringify(text)} is not a block: give a number, a 0x hash (32 bytes) or "latest"`,
  );
}

async function fetchBlock(client: LedgerClient, id: "latest" | BlockId): Promise<Block> {
  return ledgerCall(async () => {
    const resolved: BlockId =
      id === "latest" ? { case: "number", value: (await client.getChainInfo({})).bestNumber } : id;
    // A large block comes in pages (the gateway's page budget): show all of it.
    return getWholeBlock(client, resolved);
  });
}

/** The block as JSON: hashes as 0x-hex, amounts in rao, each call under its proto JSON name. */
export function blockJson(block: Block) {
  const h = block.header;
  return {
    number: h?.number ?? 0n,
    hash: block.hash,
    parentHash: h?.parentHash,
    stateRoot: h?.stateRoot,
    extrinsicsRoot: h?.extrinsicsRoot,
    timestamp: h?.timestamp ?? 0n,
    author: h?.author,
    signature: h?.signature,
    extrinsics: block.extrinsics.map((x) => {
      const payload = x.decoded?.payload;
      return {
        index: x.index,
        hash: x.hash,
        signer: payload?.signer,
        nonce: payload?.nonce,
        tip: payload?.tip,
        call: payload?.call ? protoToJson(CallSchema, payload.call) : null,
        success: x.result?.success ?? false,
        error: x.result?.error || undefined,
        message: x.result?.message || undefined,
        fee: x.result?.fee ?? 0n,
        events: (x.result?.events ?? []).map(eventJson),
      };
    }),
    events: block.events.map(eventJson),
  };
}

const show = defineCommand({
  name: "show",
  summary: "a block's header, extrinsics and events, by number, hash or `latest`",
  positionals: [
    { name: "block", description: 'a block number, a 0x block hash, or "latest" (default)', optional: true },
  ],
  options: { ...GATEWAY_OPTIONS },
  examples: ["neuralmesh block show", "neuralmesh block show 42 --json", "neuralmesh block show 0x3a...c1"],
  run: ({ values, positionals, io }) =>
    withCliErrors(async () => {
      const id = parseBlockId(positionals[0] ?? "latest");
      const client = ledgerClient(values, io);
      const json = blockJson(await fetchBlock(client, id));
      if (values.json) return printJson(io, json);
      printFields(io, [
        ["number", json.number],
        ["hash", toHex(json.hash)],
        ["parent", json.parentHash ? toHex(json.parentHash) : ""],
        ["state root", json.stateRoot ? toHex(json.stateRoot) : ""],
        ["extrinsics root", json.extrinsicsRoot ? toHex(json.extrinsicsRoot) : ""],
        ["time", formatTimestamp(json.timestamp)],
        ["author", json.author ?? ""],
        ["extrinsics", json.extrinsics.length],
      ]);
      if (json.extrinsics.length > 0) {
        io.out("\n");
        const rows = json.extrinsics.map((x) => [
          String(x.index),
          toHex(x.hash),
          x.signer ?? "",
          x.call ? (Object.keys(x.call)[0] ?? "") : "",
          x.success ? "ok" : `failed: ${x.error ?? "?"}`,
          formatTokens(x.fee),
        ]);
        io.out(formatTable(["#", "HASH", "SIGNER", "CALL", "RESULT", "FEE"], rows));
      }
      const events = [...json.extrinsics.flatMap((x) => x.events), ...json.events];
      if (events.length > 0) {
        io.out("\nEvents\n");
        for (const event of events) {
          const fields = Object.entries(event.fields).map(([k, v]) => `${k}=${v}`);
          io.out(`  ${event.kind}${fields.length ? "  " + fields.join(" ") : ""}\n`);
        }
      }
    }),
});

export default defineGroup({
  name: "block",
  summary: "read blocks from the ledger",
  commands: [show],
});
