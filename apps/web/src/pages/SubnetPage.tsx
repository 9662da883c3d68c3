import { AddressLink } from "../components/common/AddressLink";
import { Amount } from "../components/common/Amount";
import { Skeleton } from "../components/common/Skeleton";
import { Stat } from "../components/common/Stat";
import { EpochCountdown } from "../components/subnets/EpochCountdown";
import { HyperparametersTable } from "../components/subnets/HyperparametersTable";
import { modalityName } from "../format";
import { useRecentBurn } from "../hooks/useRecentBurn";
import { useSubnet, useSubnets } from "../hooks/useSubnets";
import { emissionShares, formatShare, issuedFraction } from "../lib/emissionShare";

export function SubnetPage({ netuid }: { netuid: number }) {
  const subnet = useSubnet(netuid);
  const all = useSubnets();
  const recent = useRecentBurn([netuid]).get(netuid);
  if (!subnet.data) return subnet.isPending ? <Skeleton lines={8} label="Loading the subnet" /> : null;
  const s = subnet.data;
  const h = s.hyperparameters;
  return (
    <section aria-label="Subnet overview">
      <div className="stats" data-testid="subnet-facts">
        <Stat label="Modality">{modalityName(s.modality)}</Stat>
        <Stat label="Owner">
          <AddressLink address={s.owner} />
        </Stat>
        <Stat label="Neurons" testId="subnet-neurons">
          {s.neuronCount} / {h?.maxAllowedUids ?? "?"}
        </Stat>
        <Stat label="Registration burn" testId="subnet-burn">
          <Amount rao={s.burn} />
        </Stat>
        <Stat label="Emission share (configured)">
          {all.data ? formatShare(emissionShares(all.data).get(netuid) ?? 0) : "…"}
        </Stat>
        <Stat label="Issued share (last 20 epochs)" testId="subnet-issued-share">
          {all.data && recent
            ? formatShare((emissionShares(all.data).get(netuid) ?? 0) * issuedFraction(recent))
            : "…"}
        </Stat>
        <Stat label="Pending emission">
          <Amount rao={s.pendingEmission} />
        </Stat>
        <Stat label="Last epoch">#{s.lastEpochBlock.toString()}</Stat>
        <Stat label="Next epoch">
          <EpochCountdown subnet={s} />
        </Stat>
        <Stat label="Registrations this interval">{s.registrationsThisInterval}</Stat>
        <Stat label="Created at block">#{s.registeredAt.toString()}</Stat>
      </div>
      {h ? <HyperparametersTable hyperparameters={h} /> : null}
    </section>
  );
}
