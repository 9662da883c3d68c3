import { useParams } from "react-router";
import { ExtrinsicsTable } from "../components/blocks/ExtrinsicsTable";
import { AddressLink } from "../components/common/AddressLink";
import { Amount } from "../components/common/Amount";
import { QueryError } from "../components/common/QueryError";
import { Skeleton } from "../components/common/Skeleton";
import { Stat } from "../components/common/Stat";
import { HistoryChart, type HistoryMetric } from "../components/neuron/HistoryChart";
import { WeightsView } from "../components/neuron/WeightsView";
import { modalityName, u16Fraction, u16Percent } from "../format";
import { NEWEST, useAccountExtrinsics } from "../hooks/useAccount";
import { useLiveMetagraph } from "../hooks/useMetagraph";
import { useNeuron } from "../hooks/useNeuron";
import { useSubnet } from "../hooks/useSubnets";

const METRICS: HistoryMetric[] = ["stake", "rank", "trust", "incentive", "dividends", "emission"];

export function NeuronPage({ netuid }: { netuid: number }) {
  const { id = "" } = useParams();
  // Each epoch invalidates the neuron (see useLiveMetagraph), so its page follows the network.
  useLiveMetagraph(netuid);
  const neuron = useNeuron(netuid, id);
  const subnet = useSubnet(netuid);
  const extrinsics = useAccountExtrinsics(neuron.data?.hotkey, NEWEST, 20);
  if (neuron.isError) return <QueryError error={neuron.error} what={`neuron ${id} in subnet ${netuid}`} />;
  if (!neuron.data) return <Skeleton lines={10} label="Loading the neuron" />;
  const n = neuron.data;
  const immunity = subnet.data?.hyperparameters?.immunityPeriod;
  return (
    <section aria-labelledby="neuron-title">
      <h2 id="neuron-title">
        UID <span data-testid="neuron-uid">{n.uid}</span>{" "}
        {n.validatorPermit ? <span className="badge">validator permit</span> : null}{" "}
        {n.incentive > 0 || n.axon?.endpoint ? <span className="badge">server</span> : null}{" "}
        {n.immune ? <span className="badge">immune</span> : null}{" "}
        {n.active ? <span className="badge badge-ok">active</span> : <span className="badge">inactive</span>}
      </h2>
      <dl className="facts" data-testid="neuron-facts">
        <dt>hotkey</dt>
        <dd>
          <AddressLink address={n.hotkey} full />
        </dd>
        <dt>coldkey</dt>
        <dd>
          <AddressLink address={n.coldkey} full />
        </dd>
        <dt>axon</dt>
        <dd data-testid="neuron-axon">
          {n.axon?.endpoint ? (
            <>
              <span className="mono">{n.axon.endpoint}</span> · {modalityName(n.axon.modality)} · protocol{" "}
              {n.axon.protocol} · version {n.axon.version} · served at block {n.axon.block.toString()}
            </>
          ) : (
            <span className="muted">not serving</span>
          )}
        </dd>
        <dt>registration</dt>
        <dd>
          block {n.blockAtRegistration.toString()}
          {immunity !== undefined
            ? n.immune
              ? ` · immune until block ${Number(n.blockAtRegistration) + immunity}`
              : ` · immunity (${immunity} blocks) over`
            : ""}
        </dd>
        <dt>last_update</dt>
        <dd>block {n.lastUpdate.toString()}</dd>
        <dt>pruning_score</dt>
        <dd>{u16Fraction(n.pruningScore)}</dd>
      </dl>
      <div className="stats">
        <Stat label="stake" testId="neuron-stake">
          <Amount rao={n.stake} />
        </Stat>
        <Stat label="rank">{u16Fraction(n.rank)}</Stat>
        <Stat label="trust">{u16Fraction(n.trust)}</Stat>
        <Stat label="consensus">{u16Fraction(n.consensus)}</Stat>
        <Stat label="incentive">{u16Percent(n.incentive)}</Stat>
        <Stat label="dividends">{u16Percent(n.dividends)}</Stat>
        <Stat label="emission">
          <Amount rao={n.emission} />
        </Stat>
        <Stat label="validator_trust">{u16Fraction(n.validatorTrust)}</Stat>
      </div>
      <h3>Over epochs</h3>
      {n.history.length === 0 ? (
        <p className="muted">No epoch recorded for this neuron yet.</p>
      ) : (
        <div className="chart-grid">
          {METRICS.map((m) => (
            <HistoryChart key={m} history={n.history} metric={m} />
          ))}
        </div>
      )}
      <div className="two-col">
        <WeightsView
          title="Weights it sets"
          row={n.weights}
          netuid={netuid}
          uidLabel="to uid"
          testId="weights-set"
        />
        <WeightsView
          title="Weights it receives"
          row={n.weightsReceived}
          netuid={netuid}
          uidLabel="from uid"
          testId="weights-received"
        />
      </div>
      <h3>Extrinsics signed by its hotkey (latest 20)</h3>
      {extrinsics.data ? (
        <ExtrinsicsTable extrinsics={extrinsics.data.extrinsics} testId="neuron-extrinsics" />
      ) : (
        <Skeleton lines={3} />
      )}
    </section>
  );
}
