import { create } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import { type Account, AccountSchema } from "../../../../src/shared/gen/neuralmesh/ledger/v1/ledger_pb";
import type { LedgerClient } from "./client";
import { ledgerCall } from "./errors";

/** An account's balance, nonce and stakes; an address the ledger has never seen reads as an empty account. */
export async function getAccount(client: LedgerClient, address: string): Promise<Account> {
  return ledgerCall(async () => {
    try {
      return await client.getAccount({ address });
    } catch (error) {
      if (error instanceof ConnectError && error.code === Code.NotFound) {
        return create(AccountSchema, { address });
      }
      throw error;
    }
  });
}

/** Total stake an account owns as a coldkey, over all its hotkeys. */
export function stakedBy(account: Account): bigint {
  return account.stakes.reduce((sum, entry) => sum + entry.amount, 0n);
}
