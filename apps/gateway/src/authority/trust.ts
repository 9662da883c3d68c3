// Which authority a follower accepts. The followed node serves the genesis, so the genesis alone proves
// nothing: the operator names the authority (--trust-authority), and only the devnet's public authority is
// accepted without being named. Once the local genesis names the trusted authority, every block's author
// and signature are checked against it (chain/verify-block.ts).
import { ConfigError } from "../config";
import type { Logger } from "../log";
import { devAuthorityAddress } from "./author";

/** Throws a ConfigError unless `chainAuthority` (from the genesis in `where`) is the authority to trust. */
export function checkTrustedAuthority(
  chainAuthority: string,
  trusted: string | undefined,
  where: string,
  log: Logger,
): void {
  if (trusted !== undefined) {
    if (chainAuthority !== trusted) {
      throw new ConfigError(
        `${where} names the authority ${chainAuthority}, not the trusted ${trusted} (--trust-authority): ` +
          "refusing to follow",
      );
    }
    log.info("following", { trustedAuthority: trusted });
    return;
  }
  if (chainAuthority === devAuthorityAddress()) {
    log.warn("following a devnet", {
      authority: chainAuthority,
      note: "its authority key is public: anyone can sign blocks this follower accepts",
    });
    return;
  }
  throw new ConfigError(
    `${where} names the authority ${chainAuthority}, which is not the devnet's: start the follower with ` +
      "--trust-authority SS58 (or NM_TRUST_AUTHORITY), the authority you trust, learnt from the chain's " +
      "operator rather than from the node you follow",
  );
}
