// The etcd client of a replica (the `etcd3` package over gRPC). Blocks travel as single values, so the gRPC
// message limits are raised to the largest block the chain allows (the etcd members are started with a
// matching --max-request-bytes: scripts/etcd-cluster.mjs, docs/replication.md).
import { Etcd3 } from "etcd3";

/** Room for one block of the chain's `max_block_bytes` (16 MiB at most) plus its header and framing. */
export const ETCD_MAX_MESSAGE_BYTES = 20 * 1024 * 1024;

/** Longest a single etcd request may take (a Raft commit on loopback takes milliseconds). */
const CALL_DEADLINE_MS = 5000;

export function etcdClient(endpoints: readonly string[]): Etcd3 {
  return new Etcd3({
    hosts: [...endpoints],
    dialTimeout: 3000,
    // Every unary call gets a deadline, so a call lost in a member's failure fails (and is retried or
    // read back) instead of holding the replica's queue; streams (watches, lease keepalives) stay open.
    defaultCallOptions: (ctx) => (ctx.isStream ? {} : { deadline: Date.now() + CALL_DEADLINE_MS }),
    grpcOptions: {
      "grpc.max_receive_message_length": ETCD_MAX_MESSAGE_BYTES,
      "grpc.max_send_message_length": ETCD_MAX_MESSAGE_BYTES,
    },
  });
}
