// Every signing goes through this dialog: one decoded preview of the exact payload (call, arguments in τ,
// fee, nonce, expiry, balance after), one password prompt (skipped while the key is unlocked), then the
// live status — submitted → included in block N → success, or the error's name and meaning. Closing it
// never clears the form that opened it, so a refused extrinsic can be corrected and signed again.
import { useEffect, useId, useRef, useState } from "react";
import { Link } from "react-router";
import type { Call } from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { toHex } from "../../format";
import { ledger } from "../../rpc/clients";
import { useRefreshAccounts } from "../hooks";
import type { AccountInfo } from "../keystore";
import { useKeystore } from "../keystore/react";
import { type ExplainedError, explainError, explainResult } from "../signing/errors";
import { type Included, type Prepared, prepare, samePayload, signAndSubmit } from "../signing/sign";
import { Dialog } from "./Dialog";
import { WalletErrorNote } from "./ErrorNote";
import { Field } from "./Field";

export interface SignRequest {
  /** What the person is doing, for the dialog's title ("Transfer", "Register a hotkey"). */
  title: string;
  signer: AccountInfo;
  /** Builds the call; run for the preview and again just before signing (register re-reads the burn). */
  makeCall: () => Call | Promise<Call>;
  /** Addresses whose balances the call changes besides the signer's. */
  touches?: readonly string[];
  onSuccess?: (included: Included) => void;
}

type Phase = "preparing" | "review" | "signing" | "submitted" | "done";

export function SigningDialog({ request, onClose }: { request: SignRequest; onClose: () => void }) {
  const { keystore, snapshot } = useKeystore();
  const refresh = useRefreshAccounts();
  const { signer } = request;
  const unlocked = snapshot.unlocked.has(signer.id);
  const [phase, setPhase] = useState<Phase>("preparing");
  const [prepared, setPrepared] = useState<Prepared>();
  const [password, setPassword] = useState("");
  const [keepUnlocked, setKeepUnlocked] = useState(false);
  const [passwordError, setPasswordError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<ExplainedError>();
  const [hash, setHash] = useState<string>();
  const [included, setIncluded] = useState<Included>();
  const statusId = useId();
  const relock = useRef(false);
  const request_ = useRef(request);
  request_.current = request;

  const load = async () => {
    setPhase("preparing");
    setError(undefined);
    try {
      const call = await request_.current.makeCall();
      setPrepared(await prepare(ledger, signer.address, call));
      setPhase("review");
    } catch (e) {
      setError(explainError(e));
      setPhase("review");
    }
  };
  useEffect(() => void load(), []);
  // Closing the dialog relocks a key it unlocked and did not get to lock again.
  useEffect(
    () => () => {
      if (relock.current) keystore.lock(signer.id);
    },
    [keystore, signer.id],
  );

  const sign = async () => {
    if (!prepared) return;
    if (!unlocked && password === "") {
      setPasswordError("Enter the password of this key.");
      return;
    }
    setPasswordError(undefined);
    setError(undefined);
    setNotice(undefined);
    setPhase("signing");
    let submitted = false;
    let changed = false;
    try {
      if (!keystore.isUnlocked(signer.id)) {
        await keystore.unlock(signer.id, password);
        // Only a key this dialog unlocked is locked again afterwards; one unlocked before stays so.
        relock.current = !keepUnlocked;
      }
      setPassword("");
      // Fresh reads just before signing: the same expiry, so only a changed burn or nonce differs.
      const fresh = await prepare(
        ledger,
        signer.address,
        await request_.current.makeCall(),
        prepared.payload.validUntilBlock,
      );
      if (!samePayload(fresh.payload, prepared.payload)) {
        changed = true;
        setPrepared(fresh);
        setNotice(
          "Something changed since the preview (the burn or the account's nonce). Nothing was signed: review the preview below and sign again.",
        );
        setPhase("review");
        return;
      }
      const keypair = keystore.keypair(signer.id);
      const inc = await signAndSubmit(ledger, keypair, prepared.payload, (h) => {
        submitted = true;
        setHash(toHex(h));
        setPhase("submitted");
      });
      setIncluded(inc);
      setPhase("done");
      if (inc.result.success) request_.current.onSuccess?.(inc);
      else setError(explainResult(inc.result.error, inc.result.message));
    } catch (e) {
      const shown = explainError(e);
      if (shown.name === "WrongPassword") setPasswordError(shown.meaning);
      setError(shown);
      setPhase(submitted ? "done" : "review");
    } finally {
      // A changed preview is signed again without a second password (the key stays unlocked until then, or
      // until the dialog closes).
      if (relock.current && !changed) {
        relock.current = false;
        keystore.lock(signer.id);
      }
      refresh([signer.address, ...(request.touches ?? [])]);
    }
  };

  const busy = phase === "preparing" || phase === "signing" || phase === "submitted";
  const preview = prepared?.preview;
  return (
    <Dialog title={`${request.title}: review and sign`} onClose={onClose} testId="signing-dialog">
      {phase === "preparing" ? <p role="status">Preparing the preview…</p> : null}
      {notice ? (
        <p className="wallet-notice" role="alert" data-testid="preview-changed">
          {notice}
        </p>
      ) : null}
      {preview ? (
        <dl className="facts wallet-preview" data-testid="signing-preview" aria-label="What you sign">
          {preview.rows.map((r) => (
            <div key={r.key} className="wallet-preview-row" data-testid={`preview-${r.key}`}>
              <dt>{r.label}</dt>
              <dd className={r.kind === "address" ? "mono" : undefined}>{r.value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {preview && !preview.affordable ? (
        <p className="wallet-notice" data-testid="preview-unaffordable">
          The free balance does not cover this: the ledger will refuse it (InsufficientBalance).
        </p>
      ) : null}
      {phase === "review" || phase === "signing" ? (
        <form
          className="wallet-form"
          onSubmit={(e) => {
            e.preventDefault();
            void sign();
          }}
        >
          {unlocked ? (
            <p className="muted" data-testid="signing-unlocked">
              {signer.name} is unlocked: no password needed.
            </p>
          ) : (
            <>
              <Field
                label={`Password of ${signer.name}`}
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={setPassword}
                error={passwordError}
                data-testid="signing-password"
              />
              <label className="wallet-check">
                <input
                  type="checkbox"
                  checked={keepUnlocked}
                  onChange={(e) => setKeepUnlocked(e.target.checked)}
                />
                Keep this key unlocked until the idle lock
              </label>
            </>
          )}
          <div className="toolbar">
            <button type="submit" disabled={busy || !prepared} data-testid="sign-submit">
              {phase === "signing" ? "Signing…" : "Sign and submit"}
            </button>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            {!prepared && !busy ? (
              <button type="button" onClick={() => void load()}>
                Retry
              </button>
            ) : null}
          </div>
        </form>
      ) : null}
      {hash ? (
        <ol className="wallet-status" aria-live="polite" id={statusId} data-testid="signing-status">
          <li data-testid="status-submitted">
            Submitted <span className="mono">{hash.slice(0, 18)}…</span>
            {phase === "submitted" ? " — waiting for a block…" : null}
          </li>
          {included ? (
            <li data-testid="status-included">
              Included in{" "}
              <Link to={`/blocks/${included.blockNumber}`} data-testid="status-block">
                block #{included.blockNumber.toString()}
              </Link>{" "}
              (<Link to={`/extrinsics/${toHex(included.hash)}`}>extrinsic</Link>)
            </li>
          ) : null}
          {included?.result.success ? (
            <li className="ok" data-testid="status-success">
              Success.
            </li>
          ) : null}
        </ol>
      ) : null}
      <WalletErrorNote explained={error} testId="signing-error" />
      {phase === "done" ? (
        <div className="toolbar">
          <button type="button" onClick={onClose} data-testid="signing-close">
            Close
          </button>
          {included && !included.result.success ? (
            <span className="muted">The fee was paid; the form keeps what you entered.</span>
          ) : null}
        </div>
      ) : null}
    </Dialog>
  );
}
