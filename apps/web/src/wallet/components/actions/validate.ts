// Form checks shared by the action forms: each returns the sentence shown under the field, or undefined.
import { parseTokens } from "../../../../../../src/shared/extrinsics/amount";
import { decodeAddress } from "../../../../../../src/shared/keys";
import { explainError } from "../../signing/errors";

export function addressProblem(text: string): string | undefined {
  if (text.trim() === "") return "Enter an SS58 address.";
  try {
    decodeAddress(text.trim());
    return undefined;
  } catch (e) {
    const shown = explainError(e);
    return `${shown.meaning ?? shown.message} (${shown.name})`;
  }
}

/** The amount in rao, or the problem with the text. */
export function amountOf(text: string): { rao?: bigint; problem?: string } {
  if (text.trim() === "") return { problem: "Enter an amount in τ." };
  try {
    const rao = parseTokens(text);
    return rao === 0n ? { problem: "The amount must be more than 0." } : { rao };
  } catch (e) {
    return { problem: explainError(e).message };
  }
}
