import type { ExplainedError } from "../signing/errors";
import { explainError } from "../signing/errors";

/** A failure as its stable name, its meaning in words and the specific message; nothing when no error. */
export function WalletErrorNote({
  error,
  explained,
  testId,
  what,
}: {
  error?: unknown;
  explained?: ExplainedError;
  testId?: string;
  what?: string;
}) {
  if (!explained && (error === undefined || error === null)) return null;
  const e = explained ?? explainError(error);
  return (
    <div role="alert" className="error-box wallet-error" data-testid={testId} data-error={e.name}>
      <p>
        {what ? `${what}: ` : null}
        <strong>{e.name}</strong>
        {e.meaning ? ` — ${e.meaning}` : null}
      </p>
      {e.message && e.message !== e.meaning ? <p className="muted-light">{e.message}</p> : null}
    </div>
  );
}
