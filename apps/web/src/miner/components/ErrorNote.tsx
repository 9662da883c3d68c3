import { describeError } from "../errors";

/** A failure as its stable name and sentence; nothing when there is no error. */
export function ErrorNote({ error, testId, what }: { error: unknown; testId?: string; what?: string }) {
  if (error === undefined || error === null) return null;
  const { name, message } = describeError(error);
  return (
    <p role="alert" className="error-box miner-error" data-testid={testId} data-error={name}>
      {what ? `${what}: ` : null}
      <strong>{name}</strong> — {message}
    </p>
  );
}
