// The hotkey's standing in the live metagraph: what the network thinks of its answers (SPEC §7).
import { Link } from "react-router";
import type { Neuron } from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { Stat } from "../../components/common/Stat";
import { exactTao, u16Fraction } from "../../format";

export function NeuronStats({ neuron, netuid }: { neuron: Neuron | null | undefined; netuid: number }) {
  if (!neuron) {
    return <p className="muted">Rank, incentive and emission appear here once the hotkey is registered.</p>;
  }
  return (
    <>
      <div className="stats" data-testid="neuron-stats">
        <Stat label="UID" testId="stat-uid">
          {/* A new tab: leaving this page would stop mining. */}
          <Link to={`/subnets/${netuid}/neurons/${neuron.uid}`} target="_blank" rel="noopener">
            {neuron.uid}
          </Link>
        </Stat>
        <Stat label="Rank" testId="stat-rank">
          {u16Fraction(neuron.rank)}
        </Stat>
        <Stat label="Trust" testId="stat-trust">
          {u16Fraction(neuron.trust)}
        </Stat>
        <Stat label="Consensus" testId="stat-consensus">
          {u16Fraction(neuron.consensus)}
        </Stat>
        <Stat label="Incentive" testId="stat-incentive">
          {u16Fraction(neuron.incentive)}
        </Stat>
        <Stat label="Emission (τ per epoch)" testId="stat-emission">
          {exactTao(neuron.emission)}
        </Stat>
      </div>
      <p className="muted">
        Values of the last epoch; they move once validators have scored this neuron's answers and set weights.
      </p>
    </>
  );
}
