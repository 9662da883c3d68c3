import { Code, ConnectError } from "@connectrpc/connect";
import { NotFoundPage } from "../../pages/NotFoundPage";

export function isNotFound(error: unknown): boolean {
  const code = ConnectError.from(error).code;
  return code === Code.NotFound || code === Code.InvalidArgument;
}

/** A failed query: the not-found page for unknown things, otherwise the error and a retry button. */
export function QueryError({ error, what, retry }: { error: unknown; what: string; retry?: () => void }) {
  if (isNotFound(error)) return <NotFoundPage what={what} detail={ConnectError.from(error).rawMessage} />;
  return (
    <div role="alert" className="error-box" data-testid="query-error">
      <p>
        Could not load {what}: {ConnectError.from(error).rawMessage}
      </p>
      {retry ? (
        <button type="button" onClick={retry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}
