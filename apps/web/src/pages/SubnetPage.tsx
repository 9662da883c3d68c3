import { AddressLink } from "../components/common/AddressLink";
import { Skeleton } from "../components/common/Skeleton";
import { Stat } from "../components/common/Stat";
import { EpochCountdown } from "../components/subnets/EpochCountdown";
import { HyperparametersTable } from "../components/subnets/HyperparametersTable";
import { formatTao, modalityName } from "../format";
import { useSubnet, useSubnets } from "../hooks/useSubnets";
import { emissionShares, formatShare } from "../lib/emissionShare";

export function SubnetPage({ netuid }: { netuid: number }) {
  const subnet = useSubnet(netuid);
  const all = useSubnets();
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
        <Stat label="Registration burn">{formatTao(s.burn, 4)}</Stat>
        <Stat label="Emission share">
          {all.data ? formatShare(emissionShares(all.data).get(netuid) ?? 0) : "…"}
        </Stat>
        <Stat label="Pending emission">{formatTao(s.pendingEmission, 4)}</Stat>
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
