// Display formatting. Pure: every function here is unit-tested in format.test.ts.
import { formatTokens, RAO_PER_TOKEN } from "../../../src/shared/extrinsics/amount";
import { Modality } from "../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";

export const U16_MAX = 65535;

export function toHex(bytes: Uint8Array): string {
  let s = "0x";
  for (const b of bytes) s += b.toString(16).padStart(2, "0");
  return s;
}

/** 0x1234…abcd: enough to tell hashes apart in a list, the full value stays in the title. */
export function shortHex(hex: string, keep = 6): string {
  return hex.length <= 2 + keep * 2 ? hex : `${hex.slice(0, 2 + keep)}…${hex.slice(-keep)}`;
}

export function shortAddress(address: string, keep = 6): string {
  return address.length <= keep * 2 + 1 ? address : `${address.slice(0, keep)}…${address.slice(-keep)}`;
}

/** A u16 proportion as a fraction of 65535 ("0.5000"). */
export function u16Fraction(value: number, digits = 4): string {
  return (value / U16_MAX).toFixed(digits);
}

/** A u16 proportion as a percentage ("50.00%"). */
export function u16Percent(value: number, digits = 2): string {
  return `${((value / U16_MAX) * 100).toFixed(digits)}%`;
}

export type ShareUnit = "fraction" | "percent";

export function u16Share(value: number, unit: ShareUnit): string {
  return unit === "percent" ? u16Percent(value) : u16Fraction(value);
}

/**
 * A change of a u16 share ("+1.25%", "−0.0003"): a change that rounds to zero is "–" (unchanged), so
 * the table never shows "+0.00%" for a change too small to print.
 */
export function u16Delta(delta: number, unit: ShareUnit): { text: string; sign: -1 | 0 | 1 } {
  const magnitude = u16Share(Math.abs(delta), unit);
  if (!/[1-9]/.test(magnitude)) return { text: "–", sign: 0 };
  return delta > 0 ? { text: `+${magnitude}`, sign: 1 } : { text: `−${magnitude}`, sign: -1 };
}

/** Rao as tokens, rounded to `digits` decimals for tables (exact value via formatTokens). */
export function formatTao(rao: bigint, digits = 4): string {
  if (digits >= 9) return formatTokens(rao);
  const scale = 10n ** BigInt(9 - digits);
  const rounded = (rao + scale / 2n) / scale;
  const whole = rounded / 10n ** BigInt(digits);
  const frac = (rounded % 10n ** BigInt(digits)).toString().padStart(digits, "0");
  const wholeText = whole.toLocaleString("en-US");
  return digits === 0 ? wholeText : `${wholeText}.${frac}`;
}

/**
 * The one display form of an amount, on every page: tokens rounded half-up to 4 decimals, thousands
 * separated, with the unit ("1,234.5000 τ"). The exact value goes in a title (components/common/Amount).
 */
export function formatAmount(rao: bigint): string {
  return `${formatTao(rao, AMOUNT_DIGITS)} τ`;
}
export const AMOUNT_DIGITS = 4;

/** Exact token amount with the unit ("1.000000001 τ"), for titles and CSV. */
export function exactAmount(rao: bigint): string {
  return `${formatTokens(rao)} τ`;
}

/** Exact token amount ("1.5"), for detail pages and CSV. */
export function exactTao(rao: bigint): string {
  return formatTokens(rao);
}

export function raoToNumber(rao: bigint): number {
  return Number(rao) / Number(RAO_PER_TOKEN);
}

/** "3 s ago", "2 min ago", "1 h ago": the age of a block timestamp. */
export function formatAge(ms: number): string {
  if (ms < 0) ms = 0;
  if (ms < 1_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 60_000) return `${Math.floor(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min`;
  if (ms < 86_400_000) return `${Math.floor(ms / 3_600_000)} h`;
  return `${Math.floor(ms / 86_400_000)} d`;
}

/** A duration in seconds for countdowns ("12 s", "3 min 05 s"). */
export function formatCountdown(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${String(s % 60).padStart(2, "0")} s`;
}

export function formatTimestamp(ms: bigint | number): string {
  const d = new Date(Number(ms));
  return Number.isNaN(d.getTime())
    ? "—"
    : d
        .toISOString()
        .replace("T", " ")
        .replace(/\.\d+Z$/, " UTC");
}

const MODALITY_NAMES: Record<number, string> = {
  [Modality.UNSPECIFIED]: "—",
  [Modality.TEXT]: "text",
  [Modality.IMAGE]: "image",
  [Modality.AUDIO]: "audio",
  [Modality.TENSOR]: "tensor",
};

export function modalityName(m: Modality | number): string {
  return MODALITY_NAMES[m] ?? `modality ${m}`;
}
