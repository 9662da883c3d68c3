import { describeError } from "../errors";

/**
 * A failure as its stable name and sentence; nothing when there is no error. `id` lets a field point at it
 * (aria-describedby), so a screen reader reads the error with the field.
 */
export function ErrorNote({
  error,
  testId,
  what,
  id,
}: {
  error: unknown;
  testId?: string;
  what?: string;
  id?: string;
}) {
  if (error === undefined || error === null) return null;
  const { name, message } = describeError(error);
  return (
    <p role="alert" id={id} className="error-box miner-error" data-testid={testId} data-error={name}>
      {what ? `${what}: ` : null}
      <strong>{name}</strong> — {message}
    </p>
  );
}
