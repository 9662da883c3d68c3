// Text forms of ledger values for people (JSON output keeps the exact values instead).
import { Modality } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";

/** A u16 proportion as the fraction it stands for (SPEC §7: shown as /65535), 5 decimals. */
export function formatU16(value: number): string {
  return (value / 65535).toFixed(5);
}

const MODALITY_NAMES: Record<number, string> = {
  [Modality.UNSPECIFIED]: "unspecified",
  [Modality.TEXT]: "text",
  [Modality.IMAGE]: "image",
  [Modality.AUDIO]: "audio",
  [Modality.TENSOR]: "tensor",
};

export function modalityName(modality: Modality): string {
  return MODALITY_NAMES[modality] ?? `modality ${modality}`;
}

/** Milliseconds since the epoch → ISO 8601 (UTC). */
export function formatTimestamp(ms: bigint): string {
  return new Date(Number(ms)).toISOString();
}

/** Columns whose cells look numeric are right-aligned, the rest left-aligned. */
export function formatTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
  const numeric = headers.map(
    (_h, i) => rows.length > 0 && rows.every((row) => /^-?[\d.]+%?$|^$/.test(row[i] ?? "")),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(headers), ...rows.map(line)].join("\n") + "\n";
}
