// The priority gate moved to src/shared/neuron so the gateway's bridge orders calls for browser neurons the
// same way a native axon does; re-exported here for the axon and its tests.
export { BackoffError, PriorityGate } from "../../../../src/shared/neuron/priority-gate";
