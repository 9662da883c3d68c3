import { Link } from "react-router";
import { formatTao, modalityName, type ShareUnit, shortAddress, u16Share } from "../../format";
import { isServer, type NeuronRow } from "../../metagraph/rows";
import type { Column } from "../table/columns";

/** Role icons: a validator permit and immunity from pruning, each with a name for screen readers. */
function Roles({ row }: { row: NeuronRow }) {
  return (
    <span className="roles">
      {row.validatorPermit ? (
        <span
          className="role role-validator"
          role="img"
          aria-label="validator permit"
          title="Validator permit"
        >
          V
        </span>
      ) : null}
      {isServer(row) ? (
        <span className="role role-server" role="img" aria-label="server" title="Server (incentive or axon)">
          S
        </span>
      ) : null}
      {row.immune ? (
        <span className="role role-immune" role="img" aria-label="immune" title="Immune from pruning">
          I
        </span>
      ) : null}
    </span>
  );
}

function u16Column(
  id: string,
  name: string,
  header: string,
  get: (r: NeuronRow) => number,
  unit: ShareUnit,
  title: string,
): Column<NeuronRow> {
  return {
    id,
    name,
    header,
    title,
    width: 92,
    align: "right",
    sortKey: get,
    render: (r) => u16Share(get(r), unit),
    csv: (r) => String(get(r)),
  };
}

/**
 * Every SPEC §7 field as a column. CSV values are exact: stake and emission in rao, u16 fields as integers
 * out of 65535, booleans as true/false.
 */
export function metagraphColumns(netuid: number, unit: ShareUnit): Column<NeuronRow>[] {
  return [
    {
      id: "uid",
      name: "uid",
      header: "UID",
      width: 64,
      align: "right",
      ascendingFirst: true,
      sortKey: (r) => r.uid,
      render: (r) => (
        <Link to={`/subnets/${netuid}/neurons/${r.uid}`} data-testid="uid-link">
          {r.uid}
        </Link>
      ),
      csv: (r) => String(r.uid),
    },
    {
      id: "roles",
      name: "validator_permit",
      header: "Role",
      title: "V: validator permit · S: server · I: immune from pruning",
      // Room for all three icons (V, S, I) without clipping.
      width: 84,
      align: "center",
      sortKey: (r) => (r.validatorPermit ? 4 : 0) + (isServer(r) ? 2 : 0) + (r.immune ? 1 : 0),
      render: (r) => <Roles row={r} />,
      csv: (r) => String(r.validatorPermit),
    },
    {
      id: "hotkey",
      name: "hotkey",
      header: "Hotkey",
      width: 128,
      ascendingFirst: true,
      sortKey: (r) => r.hotkey,
      render: (r) => (
        <Link to={`/accounts/${r.hotkey}`} className="mono" title={r.hotkey}>
          {shortAddress(r.hotkey, 5)}
        </Link>
      ),
      csv: (r) => r.hotkey,
    },
    {
      id: "coldkey",
      name: "coldkey",
      header: "Coldkey",
      width: 128,
      ascendingFirst: true,
      sortKey: (r) => r.coldkey,
      render: (r) => (
        <Link to={`/accounts/${r.coldkey}`} className="mono" title={r.coldkey}>
          {shortAddress(r.coldkey, 5)}
        </Link>
      ),
      csv: (r) => r.coldkey,
    },
    {
      id: "stake",
      name: "stake",
      header: "Stake",
      title: "S, tokens",
      width: 116,
      align: "right",
      sortKey: (r) => r.stake,
      render: (r) => formatTao(r.stake, 2),
      csv: (r) => r.stake.toString(),
    },
    u16Column("rank", "rank", "Rank", (r) => r.rank, unit, "R"),
    u16Column("trust", "trust", "Trust", (r) => r.trust, unit, "T"),
    u16Column("consensus", "consensus", "Consensus", (r) => r.consensus, unit, "C"),
    u16Column("incentive", "incentive", "Incentive", (r) => r.incentive, unit, "I: share of the subnet"),
    u16Column("dividends", "dividends", "Dividends", (r) => r.dividends, unit, "D: share of the subnet"),
    {
      id: "emission",
      name: "emission",
      header: "Emission",
      title: "E, tokens per epoch",
      width: 108,
      align: "right",
      sortKey: (r) => r.emission,
      render: (r) => formatTao(r.emission, 4),
      csv: (r) => r.emission.toString(),
    },
    u16Column("validator_trust", "validator_trust", "VTrust", (r) => r.validatorTrust, unit, "Tv"),
    {
      id: "active",
      name: "active",
      header: "Active",
      width: 64,
      align: "center",
      sortKey: (r) => r.active,
      render: (r) =>
        r.active ? (
          <span className="ok" role="img" aria-label="active">
            ●
          </span>
        ) : (
          <span className="muted" role="img" aria-label="inactive">
            ○
          </span>
        ),
      csv: (r) => String(r.active),
    },
    {
      id: "updated",
      name: "last_update",
      header: "Updated",
      title: "Blocks since last_update",
      width: 80,
      align: "right",
      ascendingFirst: true,
      sortKey: (r) => r.updated,
      render: (r) => <span title={`last_update ${r.lastUpdate}`}>{r.updated}</span>,
      csv: (r) => String(r.lastUpdate),
    },
    {
      id: "registered",
      name: "block_at_registration",
      header: "Registered",
      width: 92,
      align: "right",
      sortKey: (r) => r.blockAtRegistration,
      render: (r) => r.blockAtRegistration,
      csv: (r) => String(r.blockAtRegistration),
    },
    u16Column("pruning_score", "pruning_score", "Pruning", (r) => r.pruningScore, unit, "Pruning score"),
    {
      id: "axon",
      name: "axon",
      header: "Axon",
      width: 176,
      ascendingFirst: true,
      sortKey: (r) => r.endpoint,
      render: (r) =>
        r.endpoint ? (
          <span className="mono" title={`protocol ${r.protocol}, version ${r.version}`}>
            {r.endpoint}
            {/* A browser neuron serves through its gateway's bridge (docs/bridge.md): its endpoint is
                `bridge:<gateway gRPC URL>`, not an address of its own. */}
            {r.endpoint.startsWith("bridge:") ? (
              <span
                className="badge"
                data-testid="axon-bridged"
                title="served by a browser through the gateway's bridge"
              >
                {" "}
                bridged
              </span>
            ) : null}
          </span>
        ) : (
          <span className="muted">not serving</span>
        ),
      csv: (r) => r.endpoint,
    },
    {
      id: "modality",
      name: "modality",
      header: "Modality",
      width: 80,
      ascendingFirst: true,
      sortKey: (r) => r.modality,
      render: (r) => modalityName(r.modality),
      csv: (r) => modalityName(r.modality),
    },
  ];
}
