// Starting and stopping the bridge, and what the session sees: state, counters, the latest callers. A
// second tab of this browser with the same hotkey asks before taking over (tabs.ts); the tab taken over
// says so.
import { useEffect, useState, useSyncExternalStore } from "react";
import { ReturnCode } from "../../../../../src/shared/gen/neuralmesh/neuron/v1/neuron_pb";
import type { Keypair } from "../../../../../src/shared/keys";
import { Age } from "../../components/common/Age";
import { Stat } from "../../components/common/Stat";
import { shortAddress } from "../../format";
import { ledger } from "../../rpc/clients";
import { bridge, servedElsewhere } from "../hooks";
import type { LoadedModel } from "../inference/client";
import { type CallRecord, isActive, type ServeSession, type ServeSnapshot } from "../session";
import type { HotkeyTabs } from "../tabs";
import { ErrorNote } from "./ErrorNote";

/** The state as people read it; an unreachable gateway is named as such. */
export function stateText(snap: ServeSnapshot): string {
  switch (snap.state) {
    case "stopped":
      return "stopped";
    case "replaced":
      return "replaced by another tab or device — stopped";
    case "connecting":
      return "connecting";
    case "announcing":
      return "announcing the endpoint";
    case "serving":
      return "serving";
    case "reconnecting":
      return snap.error?.name === "GatewayUnreachable" || snap.error?.name === "StreamEnded"
        ? "gateway unreachable — reconnecting"
        : "reconnecting";
  }
}

const TAKEN_OVER = {
  name: "TakenOver",
  message: "another tab of this browser took over serving this hotkey",
};

interface Props {
  session: ServeSession;
  /** The chosen hotkey's keypair, present while it is unlocked. */
  hotkey: Keypair | undefined;
  hotkeyChosen: boolean;
  netuid: number;
  loaded: LoadedModel | undefined;
  registered: boolean;
  tabs: HotkeyTabs;
}

export function ServeCard({ session, hotkey, hotkeyChosen, netuid, loaded, registered, tabs }: Props) {
  const snap = useSyncExternalStore(session.subscribe, session.getSnapshot);
  const running = isActive(snap.state);
  /** Another tab serves this hotkey: the question shown before taking over. */
  const [question, setQuestion] = useState(false);
  const [checking, setChecking] = useState(false);
  /** When another tab last asked about this hotkey while this one serves it. */
  const [askedAt, setAskedAt] = useState<number>();
  const address = hotkey?.ss58;

  // While serving, this tab answers other tabs' questions about its hotkey, and stops when one takes over.
  useEffect(() => {
    if (!running || !address) return;
    return tabs.claim(address, {
      onAsked: () => setAskedAt(Date.now()),
      onTakenOver: () => session.stop(TAKEN_OVER, "replaced"),
    });
  }, [running, address, tabs, session]);
  useEffect(() => {
    if (!running) setAskedAt(undefined);
  }, [running]);
  const why = !hotkeyChosen
    ? "Choose a hotkey first."
    : !hotkey
      ? "Unlock the hotkey first."
      : !registered
        ? `Register the hotkey on subnet ${netuid} first.`
        : !loaded
          ? "Load a model first."
          : undefined;

  const begin = () => {
    if (!hotkey || !loaded) return;
    const { engine, entry } = loaded;
    setQuestion(false);
    session.start({
      bridge,
      ledger,
      hotkey,
      netuid,
      model: entry.name,
      // The worker decodes, runs the model, takes the top-k and encodes; the page only passes bytes on.
      answer: (request) => engine.answer(request),
      servedElsewhere: (signal) => servedElsewhere(hotkey.ss58, signal),
    });
  };

  const start = async () => {
    if (!hotkey) return;
    setChecking(true);
    try {
      if (await tabs.othersServing(hotkey.ss58)) setQuestion(true);
      else begin();
    } finally {
      setChecking(false);
    }
  };

  const takeOver = async () => {
    if (!hotkey) return;
    tabs.takeOver(hotkey.ss58);
    // The other tab closes its stream on the message; starting a moment later keeps the gateway from
    // seeing the two streams race.
    await new Promise((r) => setTimeout(r, 200));
    begin();
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
          <button
            type="button"
            disabled={why !== undefined || checking || question}
            onClick={() => void start()}
          >
            Start mining
          </button>
        )}
        <span
          className={`miner-state miner-state-${snap.state}`}
          data-testid="serve-status"
          data-state={snap.state}
          role="status"
        >
          {stateText(snap)}
        </span>
        {snap.state === "reconnecting" && snap.retryAt ? (
          <span className="muted" data-testid="serve-retry">
            next attempt in {Math.max(0, Math.ceil((snap.retryAt - Date.now()) / 1000))} s
          </span>
        ) : null}
        {why && !running ? <span className="muted">{why}</span> : null}
      </div>
      {question ? (
        <div
          className="error-box"
          role="alertdialog"
          aria-labelledby="takeover-text"
          data-testid="takeover-question"
        >
          <p id="takeover-text">
            This hotkey is already being served in another tab of this browser. The gateway keeps one
            connection per hotkey: take over here, and the other tab stops?
          </p>
          <div className="toolbar">
            <button type="button" onClick={() => void takeOver()}>
              Take over here
            </button>
            <button type="button" onClick={() => setQuestion(false)}>
              Keep the other tab
            </button>
          </div>
        </div>
      ) : null}
      {askedAt !== undefined && running ? (
        <p className="muted" role="status" data-testid="takeover-asked">
          Another tab of this browser opened this hotkey and asks whether to take over serving it; this tab
          keeps serving unless it does.
        </p>
      ) : null}
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
          {snap.via ? (
            <>
              {" "}
              · bridged over <span data-testid="serve-via">{snap.via}</span>
            </>
          ) : null}
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
    // A scroll container is reachable by keyboard (tab to it, then arrow keys scroll it); a labelled
    // <section> is a region landmark (role=region).
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable (WCAG 2.1.1)
    <section className="table-scroll table-short" tabIndex={0} aria-label="Latest calls">
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
    </section>
  );
}
