import { describe, expect, it } from "vitest";
import { memoryIo } from "../framework/io";
import { main } from "../main";
import { parseBlockId } from "./block";

describe("block ids", () => {
  it("reads latest, numbers and 32-byte hashes", () => {
    expect(parseBlockId("latest")).toBe("latest");
    expect(parseBlockId("42")).toEqual({ case: "number", value: 42n });
    const hash = `0x${"ab".repeat(32)}`;
    expect(parseBlockId(hash)).toEqual({ case: "hash", value: new Uint8Array(32).fill(0xab) });
  });

  it.each(["-1", "1.5", "0x1234", `0x${"zz".repeat(32)}`, "head", ""])(
    "refuses %j with exit 2",
    async (id) => {
      const io = memoryIo();
      expect(await main(["block", "show", id, "--gateway", "http://127.0.0.1:1"], io)).toBe(2);
      expect(io.stderr).toMatch(/^error: (.* is not a block|unknown option -1)/);
    },
  );
});
