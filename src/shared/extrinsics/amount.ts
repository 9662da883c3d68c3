// Token ↔ rao conversions. Amounts are bigint rao (1 token = 10^9 rao) and never pass through floats.

export const RAO_PER_TOKEN = 1_000_000_000n;
export const TOKEN_DECIMALS = 9;
/** The largest amount the ledger accepts (unsigned 64-bit). */
export const U64_MAX = (1n << 64n) - 1n;

export class AmountError extends Error {
  override readonly name = "AmountError";
}

/** "1.5" → 1_500_000_000n. Accepts up to 9 decimals; rejects signs, exponents and values above u64. */
export function parseTokens(text: string): bigint {
  const trimmed = text.trim();
  const match = /^(\d+)(?:\.(\d{0,9}))?$/.exec(trimmed);
  if (!match) {
    throw new AmountError(
      `"${text}" is not an amount in tokens (digits, optionally "." and up to 9 decimals)`,
    );
  }
  const whole = BigInt(match[1]);
  const fraction = BigInt((match[2] ?? "").padEnd(TOKEN_DECIMALS, "0"));
  return checkU64(whole * RAO_PER_TOKEN + fraction);
}

/** A decimal string of rao (the JSON form of amounts) → bigint, u64-checked. */
export function parseRao(text: string): bigint {
  if (!/^\d+$/.test(text.trim())) throw new AmountError(`"${text}" is not a decimal amount in rao`);
  return checkU64(BigInt(text.trim()));
}

export function checkU64(value: bigint): bigint {
  if (value < 0n) throw new AmountError(`amount ${value} is negative`);
  if (value > U64_MAX) throw new AmountError(`amount ${value} does not fit in 64 bits`);
  return value;
}

/** 1_500_000_000n → "1.5"; whole tokens print without a decimal point. */
export function formatTokens(rao: bigint): string {
  const sign = rao < 0n ? "-" : "";
  const abs = rao < 0n ? -rao : rao;
  const whole = abs / RAO_PER_TOKEN;
  const fraction = (abs % RAO_PER_TOKEN).toString().padStart(TOKEN_DECIMALS, "0").replace(/0+$/, "");
  return fraction ? `${sign}${whole}.${fraction}` : `${sign}${whole}`;
}
