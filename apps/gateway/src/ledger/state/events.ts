/** A fact a block or an extrinsic produced, for explorers and wallets. Field values are strings. */
export interface Event {
  readonly kind: string;
  readonly fields: Record<string, string>;
}

export function event(kind: string, fields: Record<string, string | number | bigint | boolean>): Event {
  const out: Record<string, string> = {};
  for (const k in fields) out[k] = String(fields[k]);
  return { kind, fields: out };
}
