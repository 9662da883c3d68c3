// Amounts as the CLI shows them to people: tokens with the τ sign (--json keeps rao, SPEC JSON shapes).
import { formatTokens } from "../../../../../src/shared/extrinsics";

/** An amount for people: tokens with the τ sign (JSON keeps rao). */
export function tau(rao: bigint): string {
  return `${formatTokens(rao)} τ`;
}

/**
 * The ledger's messages name amounts in rao ("balance 5000 rao is less than ..."): the CLI shows tokens, like
 * everything else it prints for people. Only whole numbers followed by "rao" (or the stake message's
 * "the N asked") are rewritten; the error's name, which scripts match, is untouched.
 */
export function raoToTau(message: string): string {
  return message
    .replace(/\b(\d+) rao\b/g, (_m, n: string) => tau(BigInt(n)))
    .replace(/\bthe (\d+) asked\b/g, (_m, n: string) => `the ${tau(BigInt(n))} asked`);
}
