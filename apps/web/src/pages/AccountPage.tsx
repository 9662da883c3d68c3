import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import type { StakeEntry } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { isValidAddress } from "../../../../src/shared/keys/ss58";
import { ExtrinsicsTable } from "../components/blocks/ExtrinsicsTable";
import { AddressLink } from "../components/common/AddressLink";
import { Amount } from "../components/common/Amount";
import { QueryError } from "../components/common/QueryError";
import { Skeleton } from "../components/common/Skeleton";
import { Stat } from "../components/common/Stat";
import { shortAddress } from "../format";
import { type ExtrinsicsCursor, NEWEST, useAccount, useAccountExtrinsics } from "../hooks/useAccount";
import { useNeuronsByHotkey } from "../hooks/useNeuronsByHotkey";
import { useTitle } from "../hooks/useTitle";
import { NotFoundPage } from "./NotFoundPage";

export function AccountPage() {
  const { address = "" } = useParams();
  useTitle(`Account ${shortAddress(address)}`);
  if (!isValidAddress(address)) return <NotFoundPage what="account" detail="not a valid SS58 address" />;
  return <Account key={address} address={address} />;
}

function Account({ address }: { address: string }) {
  const account = useAccount(address);
  // A stack of page cursors: the last one is the page shown; "Newer" pops, "Older" pushes the next cursor.
  const [cursors, setCursors] = useState<ExtrinsicsCursor[]>([NEWEST]);
  // Another account: back to its newest page.
  useEffect(() => setCursors([NEWEST]), [address]);
  const extrinsics = useAccountExtrinsics(address, cursors[cursors.length - 1]);
  const neurons = useNeuronsByHotkey(address);
  if (account.isError) return <QueryError error={account.error} what="account" />;
  const a = account.data;
  const staked = (a?.stakes ?? []).reduce((s, e) => s + e.amount, 0n);
  return (
    <section aria-labelledby="account-title">
      <h1 id="account-title">Account</h1>
      <p className="mono address-line" data-testid="account-address">
        {address}
      </p>
      {!a ? (
        <Skeleton lines={3} label="Loading the account" />
      ) : (
        <div className="stats" data-testid="account-facts">
          <Stat label="Free balance" testId="account-free">
            <Amount rao={a.free} />
          </Stat>
          <Stat label="Staked (as coldkey)">
            <Amount rao={staked} />
          </Stat>
          <Stat label="Nonce" testId="account-nonce">
            {a.nonce.toString()}
          </Stat>
        </div>
      )}
      {neurons.length > 0 ? (
        <>
          <h2>Neurons (this is a hotkey)</h2>
          <ul data-testid="account-neurons">
            {neurons.map((n) => (
              <li key={n.netuid}>
                <Link to={`/subnets/${n.netuid}/neurons/${n.uid}`}>
                  UID {n.uid} in subnet {n.netuid}
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {a && a.stakes.length > 0 ? (
        <StakeTable title="Stakes per hotkey" entries={a.stakes} party="hotkey" testId="account-stakes" />
      ) : null}
      {a && a.nominators.length > 0 ? (
        <StakeTable
          title="Nominators (stake on this hotkey)"
          entries={a.nominators}
          party="coldkey"
          testId="account-nominators"
        />
      ) : null}
      <h2>Extrinsics</h2>
      {extrinsics.data ? (
        <>
          <ExtrinsicsTable extrinsics={extrinsics.data.extrinsics} testId="account-extrinsics" />
          <nav className="toolbar" aria-label="Extrinsics pages">
            <button
              type="button"
              disabled={cursors.length === 1}
              onClick={() => setCursors((c) => c.slice(0, -1))}
              data-testid="account-extrinsics-newer"
            >
              Newer
            </button>
            <span>Page {cursors.length}</span>
            <button
              type="button"
              disabled={extrinsics.data.next === undefined}
              onClick={() => {
                const next = extrinsics.data?.next;
                if (next) setCursors((c) => [...c, next]);
              }}
              data-testid="account-extrinsics-older"
            >
              Older
            </button>
          </nav>
        </>
      ) : (
        <Skeleton lines={4} label="Loading extrinsics" />
      )}
    </section>
  );
}

function StakeTable({
  title,
  entries,
  party,
  testId,
}: {
  title: string;
  entries: readonly StakeEntry[];
  party: "hotkey" | "coldkey";
  testId: string;
}) {
  return (
    <>
      <h2>{title}</h2>
      <div className="table-scroll">
        <table className="table" data-testid={testId}>
          <thead>
            <tr>
              <th scope="col">{party}</th>
              <th scope="col" className="num">
                stake
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={`${e.coldkey}/${e.hotkey}`}>
                <td>
                  <AddressLink address={party === "hotkey" ? e.hotkey : e.coldkey} full />
                </td>
                <td className="num">
                  <Amount rao={e.amount} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
