import type { Hyperparameters } from "../../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { formatTao, u16Percent } from "../../format";

type Row = [key: string, value: string, note?: string];

function rows(h: Hyperparameters): Row[] {
  return [
    ["tempo", String(h.tempo), "blocks between epochs"],
    ["kappa", String(h.kappa), u16Percent(h.kappa)],
    ["max_allowed_uids", String(h.maxAllowedUids)],
    ["max_allowed_validators", String(h.maxAllowedValidators)],
    ["immunity_period", String(h.immunityPeriod), "blocks"],
    ["activity_cutoff", String(h.activityCutoff), "blocks"],
    ["min_allowed_weights", String(h.minAllowedWeights)],
    ["max_weight_limit", String(h.maxWeightLimit), u16Percent(h.maxWeightLimit)],
    ["weights_set_rate_limit", String(h.weightsSetRateLimit), "blocks"],
    ["weights_version_key", h.weightsVersionKey.toString()],
    ["min_stake_for_weights", formatTao(h.minStakeForWeights, 4), "tokens"],
    ["bonds_moving_average", String(h.bondsMovingAverage), "/ 1,000,000"],
    ["bonds_penalty", String(h.bondsPenalty), u16Percent(h.bondsPenalty)],
    ["serving_rate_limit", String(h.servingRateLimit), "blocks"],
    ["target_registrations_per_interval", String(h.targetRegistrationsPerInterval)],
    ["adjustment_interval", String(h.adjustmentInterval), "blocks"],
    ["max_registrations_per_block", String(h.maxRegistrationsPerBlock)],
    ["min_burn", formatTao(h.minBurn, 4), "tokens"],
    ["max_burn", formatTao(h.maxBurn, 4), "tokens"],
    ["owner_cut", String(h.ownerCut), u16Percent(h.ownerCut)],
    ["emission_share", String(h.emissionShare), "relative weight among subnets"],
    ["yuma3", String(h.yuma3)],
    ["liquid_alpha", String(h.liquidAlpha)],
    ["alpha_low", String(h.alphaLow)],
    ["alpha_high", String(h.alphaHigh)],
    ["alpha_sigmoid_steepness", String(h.alphaSigmoidSteepness)],
    ["commit_reveal_weights_enabled", String(h.commitRevealWeightsEnabled)],
    ["commit_reveal_period", String(h.commitRevealPeriod), "tempos from commit to reveal"],
  ];
}

export function HyperparametersTable({ hyperparameters }: { hyperparameters: Hyperparameters }) {
  return (
    <div className="table-scroll">
      <table className="table" data-testid="hyperparameters">
        <caption>Hyperparameters</caption>
        <thead>
          <tr>
            <th scope="col">parameter</th>
            <th scope="col" className="num">
              value
            </th>
            <th scope="col">note</th>
          </tr>
        </thead>
        <tbody>
          {rows(hyperparameters).map(([key, value, note]) => (
            <tr key={key}>
              <th scope="row" className="mono">
                {key}
              </th>
              <td className="num" data-testid={`hp-${key}`}>
                {value}
              </td>
              <td className="muted">{note ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
