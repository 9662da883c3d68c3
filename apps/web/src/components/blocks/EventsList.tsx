import type { Event } from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { describeEventFields } from "../../lib/events";
import { CallArgs } from "./CallArgs";

/** Events with their fields shown like call arguments: amounts in τ (formatAmount), addresses linked. */
export function EventsList({ events, testId = "events" }: { events: readonly Event[]; testId?: string }) {
  if (events.length === 0) return <p className="muted">No events.</p>;
  return (
    <ul className="events" data-testid={testId}>
      {events.map((e, i) => (
        <li key={i}>
          <strong>{e.kind}</strong> <CallArgs args={describeEventFields(e)} />
        </li>
      ))}
    </ul>
  );
}
