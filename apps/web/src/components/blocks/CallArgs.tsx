import type { CallArg } from "../../lib/calls";
import { AddressLink } from "../common/AddressLink";
import { Amount } from "../common/Amount";

const COMPACT_CHARS = 40;

/** Call arguments; in lists (`full` false) long values are cut, the whole value stays in the title. */
export function CallArgs({ args, full = false }: { args: readonly CallArg[]; full?: boolean }) {
  return (
    <span className="call-args">
      {args.map((a) => (
        <span key={a.name} className="call-arg">
          <span className="muted">{a.name}=</span>
          {a.kind === "address" ? (
            <AddressLink address={a.value} full={full} />
          ) : a.kind === "amount" && a.rao !== undefined ? (
            <Amount rao={a.rao} />
          ) : (
            <span className="mono" title={full ? undefined : a.value}>
              {full || a.value.length <= COMPACT_CHARS ? a.value : `${a.value.slice(0, COMPACT_CHARS)}…`}
            </span>
          )}
        </span>
      ))}
    </span>
  );
}
