// Events as label/value pairs, like call arguments: the ledger sends every field as a string, so which
// fields are amounts (rao) or addresses is known per event kind (apps/gateway/src/ledger: event(...)).
import type { CallArg } from "./calls";

const AMOUNT_FIELDS: Record<string, readonly string[]> = {
  Transfer: ["amount"],
  StakeAdded: ["amount"],
  StakeRemoved: ["amount"],
  Emission: ["amount"],
  NeuronRegistered: ["burn"],
  BurnAdjusted: ["from", "to"],
  Epoch: ["total", "owner", "server", "validator", "burned"],
};

const ADDRESS_FIELDS: Record<string, readonly string[]> = {
  Transfer: ["from", "to"],
  StakeAdded: ["coldkey", "hotkey"],
  StakeRemoved: ["coldkey", "hotkey"],
  NeuronRegistered: ["hotkey", "coldkey"],
  AxonServed: ["hotkey"],
  WeightsSet: ["hotkey"],
  SubnetRegistered: ["owner"],
};

export interface EventLike {
  kind: string;
  fields: Record<string, string>;
}

/** The fields of an event, amounts parsed to rao (a field that is not a whole number stays text). */
export function describeEventFields(e: EventLike): CallArg[] {
  const amounts = AMOUNT_FIELDS[e.kind] ?? [];
  const addresses = ADDRESS_FIELDS[e.kind] ?? [];
  return Object.entries(e.fields).map(([name, value]) => {
    if (amounts.includes(name) && /^\d+$/.test(value))
      return { name, value, kind: "amount", rao: BigInt(value) } satisfies CallArg;
    if (addresses.includes(name)) return { name, value, kind: "address" } satisfies CallArg;
    return { name, value, kind: "text" } satisfies CallArg;
  });
}
