import type { Event } from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";

export function EventsList({ events }: { events: readonly Event[] }) {
  if (events.length === 0) return <p className="muted">No events.</p>;
  return (
    <ul className="events" data-testid="events">
      {events.map((e, i) => (
        <li key={i}>
          <strong>{e.kind}</strong>{" "}
          {Object.entries(e.fields).map(([k, v]) => (
            <span key={k} className="call-arg">
              <span className="muted">{k}=</span>
              <span className="mono">{v}</span>
            </span>
          ))}
        </li>
      ))}
    </ul>
  );
}
