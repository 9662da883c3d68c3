// Asking before a coldkey signs something that moves tokens (transfer, stake add|remove), as `register` and
// btcli do: the person sees the decoded call with its exact fee and nonce, and says y; scripts pass --yes.
import { quoteFee } from "../../../../../src/shared/extrinsics";
import type { Call } from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { DEFAULT_MORTALITY, type LedgerClient, ledgerCall, type SubmitOptions } from "../../ledger-client";
import { WalletError } from "../../wallet";
import { UsageError } from "../framework/errors";
import type { Io } from "../framework/io";
import type { OptionSpecs } from "../framework/types";
import { terminal } from "./wallet";

/**
 * The exact fee of the extrinsic `submitCall` will sign with these options and this nonce: the fee grows with
 * its encoded length (SPEC §3.2), so it is quoted from the same fields, mortality included.
 */
export async function quoteCall(
  client: LedgerClient,
  signer: string,
  nonce: bigint,
  call: Call,
  options: SubmitOptions,
): Promise<bigint> {
  const chain = await ledgerCall(() => client.getChainInfo({}));
  const mortality = options.mortality ?? DEFAULT_MORTALITY;
  return quoteFee(chain, {
    call,
    signer,
    nonce,
    genesisHash: chain.genesisHash,
    validUntilBlock: mortality > 0 ? chain.bestNumber + BigInt(mortality) : 0n,
    tip: options.tip ?? 0n,
  });
}

export interface Confirmation {
  /** `label  value` lines of the decoded call, printed on stderr (stdout stays one JSON document). */
  readonly lines: ReadonlyArray<readonly [string, string]>;
  /** The y/N question, e.g. "Send 1.5 τ to 5F...?". */
  readonly question: string;
  /** What the command would do, for the refusal without a terminal, e.g. "sending 1.5 τ (fee 0.0002 τ)". */
  readonly action: string;
}

/**
 * Unless --yes: refuses without a terminal (exit 2, nothing signed, as `register` does), else shows the call
 * and asks; anything but y cancels with CANCELLED before any password is asked.
 */
export async function confirmCall(yes: boolean, io: Io, confirmation: Confirmation): Promise<void> {
  if (yes) return;
  const term = terminal();
  if (!term.interactive) {
    throw new UsageError(
      `${confirmation.action}; stdin is not a terminal to confirm on, so pass --yes to sign it`,
    );
  }
  const width = Math.max(...confirmation.lines.map(([label]) => label.length));
  for (const [label, value] of confirmation.lines) io.err(`${label.padEnd(width)}  ${value}\n`);
  if (!(await term.confirm(confirmation.question))) {
    throw new WalletError("CANCELLED", "nothing was signed or submitted");
  }
}

/** `--yes` of every command that asks before signing. */
export const CONFIRM_OPTIONS = {
  yes: { type: "boolean", short: "y", description: "do not ask; sign the call shown" },
} as const satisfies OptionSpecs;
