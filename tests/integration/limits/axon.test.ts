// The miner's axon limits (docs/limits.md, "Axon") on a real `neuralmesh miner` process started with
// --max-message-bytes, --max-conns-per-peer, --max-calls-per-peer and --idle-timeout (mode silent: every
// admitted call stays in flight until its caller gives up): a Forward message past the cap is refused with
// MessageTooLarge (resource_exhausted, INVALID_REQUEST), one that is no protobuf with Malformed; the
// (N+1)th connection from one address is closed on arrival and the (N+1)th call in flight gets TooManyCalls
// (BACKOFF), while another address is still admitted; an idle session is closed; and the miner keeps serving.
import { type ChildProcess, spawn } from "node:child_process";
import http2 from "node:http2";
import net from "node:net";
import { create, toBinary } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devHotkey } from "../../../src/shared/devnet";
import {
  DType,
  ForwardRequestSchema,
  NeuronService,
  Synapse,
} from "../../../src/shared/gen/neuralmesh/neuron/v1/neuron_pb";
import { signRequest } from "../../../src/shared/neuron/auth";
import { GrpcRaw } from "../../fuzz/transport";
import { startTestNode, type TestNode, testGenesis } from "../ledger/helpers";
import { sleep } from "./helpers";

const MAX_MESSAGE = 4096;
const CALLS = 2;
const CONNS = 4;
const miner = devHotkey(520);
/** Registered callers: the axon wants each caller's nonces in order, so concurrent calls use one each. */
const callers = [521, 522, 523, 524, 525].map((i) => devHotkey(i));
const root = new URL("../../../", import.meta.url).pathname;

let node: TestNode;
let proc: ChildProcess;
let exited = false;
let port: number;

beforeAll(async () => {
  const genesis = testGenesis();
  (genesis.subnets as Array<Record<string, unknown>>)[0].neurons = [
    { hotkey: "dev:hotkey/520", coldkey: "dev:charlie", stake: "0" },
    ...callers.map((_, i) => ({
      hotkey: `dev:hotkey/${521 + i}`,
      coldkey: "dev:dave",
      stake: "1000000000000",
    })),
  ];
  node = await startTestNode(genesis, { blockTimeMs: 100 });
  proc = spawn(
    process.execPath,
    [
      ...["--import", "tsx", "apps/neuron/src/cli/main.ts", "miner", "--json"],
      ...["--gateway", node.gateway.httpUrl, "--netuid", "1", "--dev-hotkey", "520", "--mode", "silent"],
      ...["--max-message-bytes", String(MAX_MESSAGE), "--max-calls-per-peer", String(CALLS)],
      ...["--max-conns-per-peer", String(CONNS)],
      ...["--idle-timeout", "300"],
    ],
    { cwd: root, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NM_LOG_LEVEL: "warn" } },
  );
  proc.once("exit", () => (exited = true));
  let output = "";
  proc.stderr?.on("data", (d) => (output += String(d)));
  port = await new Promise<number>((resolve, reject) => {
    let out = "";
    proc.stdout?.on("data", (d) => {
      out += String(d);
      const endpoint = /"endpoint":\s*"http:\/\/127\.0\.0\.1:(\d+)"/.exec(out)?.[1];
      if (endpoint) resolve(Number(endpoint));
    });
    proc.once("exit", () => reject(new Error(`the miner exited:\n${out}${output}`)));
  });
}, 90_000);

afterAll(async () => {
  if (proc && !exited) {
    const gone = new Promise((r) => proc.once("exit", r));
    proc.kill("SIGTERM");
    await gone;
  }
  await node?.close();
});

function axonFrom(localAddress: string) {
  return createClient(
    NeuronService,
    createGrpcTransport({
      baseUrl: `http://127.0.0.1:${port}`,
      nodeOptions: { createConnection: () => net.connect({ host: "127.0.0.1", port, localAddress }) },
    }),
  );
}

/** A Forward of `bytes` input tokens signed by callers[`who`]. */
function forward(client: ReturnType<typeof axonFrom>, bytes: number, timeoutMs?: number, who = 0) {
  const request = create(ForwardRequestSchema, {
    synapse: Synapse.TEXT_CAUSAL_LM,
    netuid: 1,
    inputs: { dtype: DType.UINT8, shape: [1, bytes], data: new Uint8Array(bytes).fill(101) },
    topK: 16,
  });
  const headers = signRequest(callers[who], miner.ss58, toBinary(ForwardRequestSchema, request));
  return client.forward(request, { headers: { ...headers }, timeoutMs });
}

function failure(p: Promise<unknown>): Promise<ConnectError | undefined> {
  return p.then(
    () => undefined,
    (e: unknown) => ConnectError.from(e),
  );
}

/** After a limit was crossed: the miner is up and answers GetAxonInfo from a fresh address. */
async function expectMinerServes(localAddress = "127.0.0.200"): Promise<void> {
  expect(exited).toBe(false);
  const info = await axonFrom(localAddress).getAxonInfo({});
  expect(info.hotkey).toBe(miner.ss58);
}

/** A raw connection from `localAddress`: "served" once the axon writes to it (its HTTP/2 SETTINGS), "closed"
 * when it is closed before that (refused on arrival). */
function arrival(localAddress: string): Promise<"served" | "closed"> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port, localAddress });
    socket.once("data", () => {
      resolve("served");
      socket.destroy();
    });
    socket.once("close", () => resolve("closed"));
    socket.on("error", () => {});
  });
}

describe("axon limits", () => {
  it("refuses a Forward message past --max-message-bytes with MessageTooLarge", async () => {
    const err = await failure(forward(axonFrom("127.0.0.1"), MAX_MESSAGE + 1));
    expect(err?.code).toBe(Code.ResourceExhausted);
    expect(err?.rawMessage).toMatch(/^MessageTooLarge: a request message of \d+ bytes; at most 4096$/);
    expect(err?.metadata.get("nm-return-code")).toBe("INVALID_REQUEST");
    // Below the cap the same call is admitted (and, the miner being silent, held until the deadline).
    const small = await failure(forward(axonFrom("127.0.0.1"), MAX_MESSAGE / 2, 300));
    expect(small?.code).toBe(Code.DeadlineExceeded);
    await expectMinerServes();
  });

  it("refuses the (N+1)th call in flight from one address with TooManyCalls; another is admitted", async () => {
    // N + 1 calls at once from one address and one from another; admitted ones are held until their
    // deadline, so whichever order they arrive in, exactly one of the first address's is refused.
    const client = axonFrom("127.0.0.1");
    const [other, ...mine] = await Promise.all([
      failure(forward(axonFrom("127.0.0.2"), 8, 2000, 0)),
      ...Array.from({ length: CALLS + 1 }, (_, i) => failure(forward(client, 8, 2000, 1 + i))),
    ]);
    expect(other?.code).toBe(Code.DeadlineExceeded);
    expect(mine.filter((e) => e?.code === Code.DeadlineExceeded)).toHaveLength(CALLS);
    const refused = mine.filter((e) => e?.code === Code.ResourceExhausted);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.rawMessage).toMatch(/^TooManyCalls: /);
    expect(refused[0]?.metadata.get("nm-return-code")).toBe("BACKOFF");

    // Calls that ended (their callers gave up) have freed their slots.
    let admitted: ConnectError | undefined;
    for (let i = 0; i < 50; i++) {
      const again = await Promise.all(
        Array.from({ length: CALLS }, (_, i) => failure(forward(client, 8, 300, 1 + i))),
      );
      admitted = again.find((e) => e?.code !== Code.DeadlineExceeded);
      if (!admitted) break;
      await sleep(50);
    }
    expect(admitted).toBeUndefined();
    await expectMinerServes();
  });

  it("refuses a message that is no ForwardRequest with Malformed (invalid_argument, INVALID_REQUEST)", async () => {
    const grpc = new GrpcRaw(`http://127.0.0.1:${port}`);
    const a = await grpc.call({
      path: "/neuralmesh.neuron.v1.NeuronService/Forward",
      body: Uint8Array.of(0x00),
    });
    grpc.close();
    expect([a.code, a.returnCode, a.message?.split(":")[0]]).toEqual([
      "invalid_argument",
      "INVALID_REQUEST",
      "Malformed",
    ]);
    await expectMinerServes();
  });

  it("closes the (N+1)th connection from one address on arrival; another address still connects", async () => {
    const from = "127.0.0.5";
    // CONNS sessions from one address, each kept open by a call whose request never ends.
    const held = await Promise.all(
      Array.from({ length: CONNS }, async () => {
        const session = http2.connect(`http://127.0.0.1:${port}`, {
          createConnection: () => net.connect({ host: "127.0.0.1", port, localAddress: from }),
        });
        session.on("error", () => {});
        await new Promise((r) => session.once("connect", r));
        const stream = session.request({
          ":method": "POST",
          ":path": "/neuralmesh.neuron.v1.NeuronService/Forward",
          "content-type": "application/grpc+proto",
        });
        stream.on("error", () => {});
        return session;
      }),
    );
    expect(await arrival(from)).toBe("closed");
    expect(await arrival("127.0.0.6")).toBe("served");
    await expectMinerServes("127.0.0.6");
    // Closed connections free their slots.
    for (const s of held) s.destroy();
    let again: string | undefined;
    for (let i = 0; i < 40 && again !== "served"; i++) {
      again = await arrival(from);
      if (again !== "served") await sleep(50);
    }
    expect(again).toBe("served");
  });

  it("closes an HTTP/2 session that opens no call", async () => {
    const session = http2.connect(`http://127.0.0.1:${port}`);
    session.on("error", () => {});
    const closed = await Promise.race([
      new Promise<boolean>((r) => session.once("close", () => r(true))),
      sleep(10_000).then(() => false),
    ]);
    expect(closed).toBe(true);
    await expectMinerServes();
  });
});
