// Starting and stopping the bridge, and what the session sees: state, counters, the latest callers.
import { useSyncExternalStore } from "react";
import { ReturnCode } from "../../../../../src/shared/gen/neuralmesh/neuron/v1/neuron_pb";
import type { Keypair } from "../../../../../src/shared/keys";
import { answerCausalLm } from "../../../../../src/shared/neuron/causal-lm";
import { Age } from "../../components/common/Age";
import { Stat } from "../../components/common/Stat";
import { shortAddress } from "../../format";
import { ledger } from "../../rpc/clients";
import { bridge } from "../hooks";
import type { LoadedModel } from "../ort-runtime";
import type { CallRecord, ServeSession, ServeState } from "../session";
import { ErrorNote } from "./ErrorNote";

const STATE_TEXT: Record<ServeState, string> = {
  stopped: "stopped",
  connecting: "connecting",
  announcing: "announcing the endpoint",
  serving: "serving",
  reconnecting: "reconnecting",
};

interface Props {
  session: ServeSession;
  /** The chosen hotkey's keypair, present while it is unlocked. */
  hotkey: Keypair | undefined;
  hotkeyChosen: boolean;
  netuid: number;
  loaded: LoadedModel | undefined;
  registered: boolean;
}

export function ServeCard({ session, hotkey, hotkeyChosen, netuid, loaded, registered }: Props) {
  const snap = useSyncExternalStore(session.subscribe, session.getSnapshot);
  const running = snap.state !== "stopped";
  const why = !hotkeyChosen
    ? "Choose a hotkey first."
    : !hotkey
      ? "Unlock the hotkey first."
      : !registered
        ? `Register the hotkey on subnet ${netuid} first.`
        : !loaded
          ? "Load a model first."
          : undefined;

  const start = () => {
    if (!hotkey || !loaded) return;
    const { model, entry } = loaded;
    session.start({
      bridge,
      ledger,
      hotkey,
      netuid,
      model: entry.name,
      answer: (request) => answerCausalLm(request, (t, b, s) => model.logprobs(t, b, s), entry.name),
    });
  };

  return (
    <div className="miner-card" data-testid="serve-card">
      <h3>Serving</h3>
      <div className="toolbar">
        {running ? (
          <button type="button" onClick={() => session.stop()}>
            Stop
          </button>
        ) : (
          <button type="button" disabled={why !== undefined} onClick={start}>
            Start mining
          </button>
        )}
        <span className={`miner-state miner-state-${snap.state}`} data-testid="serve-status">
          {STATE_TEXT[snap.state]}
        </span>
        {why && !running ? <span className="muted">{why}</span> : null}
      </div>
      <div className="stats">
        <Stat label="Calls answered" testId="calls-answered">
          {snap.answered}
        </Stat>
        <Stat label="Calls refused" testId="calls-refused">
          {snap.refused}
        </Stat>
        <Stat label="Answers lost" testId="respond-errors">
          {snap.respondErrors}
        </Stat>
      </div>
      {snap.endpoint ? (
        <p className="muted">
          Endpoint on the ledger:{" "}
          <span className="mono" data-testid="serve-endpoint">
            {snap.endpoint}
          </span>
        </p>
      ) : null}
      <ErrorNote error={snap.error} testId="serve-error" />
      <ErrorNote
        error={snap.announceError}
        testId="announce-error"
        what="The endpoint is not on the ledger, so validators cannot find this neuron"
      />
      {snap.lastRespondError ? (
        <ErrorNote error={snap.lastRespondError} what="The gateway did not take an answer" />
      ) : null}
      <RecentCalls calls={snap.recent} />
      <p className="muted">Mining runs while this page is open; leaving the page stops it.</p>
    </div>
  );
}

function RecentCalls({ calls }: { calls: readonly CallRecord[] }) {
  if (calls.length === 0)
    return <p className="muted">No calls yet. Validators query servers every few blocks.</p>;
  return (
    <div className="table-scroll table-short">
      <table className="table" data-testid="recent-calls">
        <caption>Latest calls</caption>
        <thead>
          <tr>
            <th scope="col">caller</th>
            <th scope="col">return code</th>
            <th scope="col" className="num">
              ms
            </th>
            <th scope="col">when</th>
          </tr>
        </thead>
        <tbody>
          {calls.map((c) => (
            <tr key={c.seq} data-testid="recent-call">
              <td className="mono" title={c.caller}>
                {shortAddress(c.caller)}
              </td>
              <td>
                <span className={`badge ${c.code === ReturnCode.SUCCESS ? "badge-ok" : "badge-error"}`}>
                  {ReturnCode[c.code] ?? c.code}
                </span>
              </td>
              <td className="num">{c.ms.toFixed(0)}</td>
              <td>
                <Age timestamp={c.at} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
