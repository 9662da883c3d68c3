import { Code, ConnectError } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { defaultLimits, LimitsError, parseLimits } from "../limits";
import { PeerCalls } from "./peer-calls";
import { checkJsonDepth } from "./request-guard";

const text = (s: string) => new TextEncoder().encode(s);

function depthError(s: string, max: number): ConnectError | undefined {
  try {
    checkJsonDepth(text(s), max);
    return undefined;
  } catch (e) {
    return ConnectError.from(e);
  }
}

describe("checkJsonDepth", () => {
  it("counts objects and arrays, up to and past the limit", () => {
    expect(depthError('{"a":[{"b":[]}]}', 4)).toBeUndefined();
    const err = depthError('{"a":[{"b":[[]]}]}', 4);
    expect(err?.code).toBe(Code.InvalidArgument);
    expect(err?.rawMessage).toMatch(/^JsonTooDeep: /);
    expect(err?.metadata.get("nm-error")).toBe("JsonTooDeep");
    // Siblings do not add up: depth is nesting, not count.
    expect(depthError(`[${"[],".repeat(1000)}[]]`, 2)).toBeUndefined();
  });

  it("ignores brackets inside strings, escaped quotes included", () => {
    expect(depthError(`{"a":"[[[[{{{{"}`, 1)).toBeUndefined();
    expect(depthError(`{"a":"\\"[[[[","b":"\\\\"}`, 1)).toBeUndefined();
    // After an escaped backslash the quote does end the string: what follows is nesting again.
    expect(depthError(`{"a":"\\\\",  "b":[[]]}`, 2)?.rawMessage).toMatch(/^JsonTooDeep/);
  });
});

describe("PeerCalls", () => {
  it("refuses the (N+1)th call of a key with TooManyStreams, not another key's, and frees on release", () => {
    const calls = new PeerCalls(2);
    const a1 = calls.enter("a");
    calls.enter("a");
    expect(() => calls.enter("a")).toThrow(/^\[resource_exhausted\] TooManyStreams: /);
    const b = calls.enter("b");
    a1();
    a1(); // Releasing twice frees one slot only.
    expect(calls.count("a")).toBe(1);
    calls.enter("a");
    expect(() => calls.enter("a")).toThrow(ConnectError);
    b();
    expect(calls.count("b")).toBe(0);
  });
});

describe("request limit flags", () => {
  it("reads the body, JSON depth, stream and request-rate flags and refuses values out of range", () => {
    const l = parseLimits(
      {
        "max-body-bytes": "65536",
        "max-json-depth": "16",
        "max-streams-per-peer": "4",
        "peer-requests-per-s": "5",
      },
      { NM_PEER_BURST_REQUESTS: "9" },
      defaultLimits(4096),
    );
    expect(l).toMatchObject({
      maxBodyBytes: 65536,
      maxJsonDepth: 16,
      maxStreamsPerPeer: 4,
      peerRequestsPerSecond: 5,
      peerBurstRequests: 9,
    });
    expect(() => parseLimits({ "max-body-bytes": "10" }, {}, defaultLimits(4096))).toThrow(LimitsError);
    expect(() => parseLimits({ "max-json-depth": "1" }, {}, defaultLimits(4096))).toThrow(/--max-json-depth/);
    expect(() => parseLimits({ "max-streams-per-peer": "0" }, {}, defaultLimits(4096))).toThrow(LimitsError);
  });
});
