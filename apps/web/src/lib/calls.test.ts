import { describe, expect, it } from "vitest";
import { calls } from "../../../../src/shared/extrinsics/build";
import { Modality } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import { describeCall } from "./calls";

describe("describeCall", () => {
  it("names calls as in the SPEC and lists their arguments", () => {
    expect(describeCall(calls.transfer("5Dest", 1_500_000_000n))).toEqual({
      name: "transfer",
      args: [
        { name: "dest", value: "5Dest", kind: "address" },
        { name: "amount", value: "1.5", kind: "amount", rao: 1_500_000_000n },
      ],
    });
    expect(describeCall(calls.setWeights(1, [3, 4], [65535, 100])).args.map((a) => a.value)).toEqual([
      "1",
      "2",
      "3:65535 4:100",
      "0",
    ]);
    expect(describeCall(calls.serveAxon(2, "1.2.3.4:5", Modality.IMAGE, 4, 1)).args[2].value).toBe("image");
    expect(describeCall(calls.setHyperparameter(1, "tempo", "10")).name).toBe("set_hyperparameter");
    expect(describeCall(undefined)).toEqual({ name: "unknown", args: [] });
  });

  it("shows burned_register's max_burn, the most the signer agreed to burn", () => {
    expect(describeCall(calls.burnedRegister(1, "5Hot", 100_000_000n))).toEqual({
      name: "burned_register",
      args: [
        { name: "netuid", value: "1", kind: "text" },
        { name: "hotkey", value: "5Hot", kind: "address" },
        { name: "max_burn", value: "0.1", kind: "amount", rao: 100_000_000n },
      ],
    });
    const unlimited = calls.burnedRegister(1, "5Hot", 0n);
    if (unlimited.call.case === "burnedRegister") unlimited.call.value.maxBurn = undefined;
    expect(describeCall(unlimited).args[2]).toEqual({ name: "max_burn", value: "none", kind: "text" });
  });
});
