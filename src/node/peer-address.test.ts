import { describe, expect, it } from "vitest";
import { peerKey } from "./peer-address";

describe("peerKey", () => {
  it("keeps IPv4 and unmaps IPv4-mapped IPv6", () => {
    expect(peerKey("127.0.0.2")).toBe("127.0.0.2");
    expect(peerKey("::ffff:10.1.2.3")).toBe("10.1.2.3");
  });

  it("counts IPv6 by its /64", () => {
    expect(peerKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(peerKey("2001:0db8:0001:0002:ffff:1:2:3")).toBe("2001:db8:1:2::/64");
    expect(peerKey("::1")).toBe("0:0:0:0::/64");
    expect(peerKey("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
  });
});
