// Every failure the wallet shows, as the stable name and its meaning in words. The names come from the
// ledger (apps/gateway/src/ledger/state/errors.ts: the web does not import the gateway, so the table is
// repeated here and errors.test.ts checks it covers that file), the keystore (WalletError codes), the keys
// (KeyError codes) and this page's own checks. The gateway's message adds the specifics (amounts, nonces).
import { describeError as describeMinerError, type ShownError } from "../../miner/errors";

export const ERROR_MEANINGS: Record<string, string> = {
  // Ledger: decoding and validity.
  TooLarge: "The extrinsic is larger than the ledger accepts.",
  Malformed: "The ledger could not decode the extrinsic.",
  AmountOverflow: "An amount is too large for the ledger (above 2^64 rao, or a balance would overflow).",
  UnknownCall: "The ledger does not know this call.",
  InvalidAddress: "An address in the call is not a valid SS58 address of this network.",
  InvalidPublicKey: "An address in the call has a weak (small-order) key that nobody can own safely.",
  NonCanonical: "The extrinsic's bytes are not in the canonical encoding.",
  BadGenesis: "The extrinsic was signed for another chain (the genesis hash differs).",
  BadSpecVersion: "The extrinsic was signed for another runtime version; reload the page.",
  Expired: "The extrinsic's validity (valid_until_block) passed before it was included; sign again.",
  BadSignature: "The signature does not match the signer and the payload.",
  Stale: "The nonce was already used: another extrinsic from this account went first; sign again.",
  Future: "The nonce is ahead of the account's next nonce; wait for the pending extrinsics or sign again.",
  InsufficientBalance: "The free balance does not cover the fee and the amount.",
  // Pool.
  AlreadyInPool: "This exact extrinsic is already waiting in the pool.",
  AlreadyIncluded: "This exact extrinsic was already included.",
  PoolFull: "The ledger's pool is full; try again in a few blocks.",
  TooManyPending: "This account has too many extrinsics waiting; wait for some to be included.",
  Dropped: "The extrinsic was dropped from the pool before inclusion.",
  // Calls.
  ZeroAmount: "The amount is zero (or nothing is left after the fee).",
  SubnetNotFound: "There is no subnet with this netuid.",
  HotkeyNotFound: "The hotkey is not registered on any subnet, so it cannot receive stake yet.",
  NonAssociatedColdkey: "The hotkey belongs to another coldkey.",
  NotEnoughStakeToWithdraw: "This coldkey's stake on the hotkey is less than the amount asked.",
  AlreadyRegistered: "The hotkey is already registered on this subnet.",
  TooManyRegistrationsThisBlock: "The subnet took its maximum registrations in this block; try the next one.",
  TooManyRegistrationsThisInterval: "The subnet took its maximum registrations for this interval; try later.",
  BurnLimitRequired: "The registration carries no max_burn (an old client).",
  BurnAboveLimit:
    "The subnet's burn rose above the max_burn you agreed to; nothing was burned. Review the new burn.",
  NotRegistered: "The hotkey is not registered on this subnet.",
  RateLimited: "Too soon since the last request of this kind; wait a little and retry.",
  ResponseBudgetExceeded: "The answer would be too large for the gateway to send.",
  InvalidEndpoint: "The axon endpoint is not a valid host:port.",
  ModalityMismatch: "The modality does not match the subnet's.",
  WeightVecLengthMismatch: "The uids and weights lists have different lengths.",
  NotEnoughStake: "The hotkey has less stake than setting weights needs.",
  IncorrectVersionKey: "The weights version key differs from the subnet's.",
  NoValidatorPermit: "The hotkey holds no validator permit on this subnet.",
  DuplicateUids: "A uid appears twice in the weights.",
  UidOutOfRange: "A uid is beyond the subnet's size.",
  TooFewWeights: "Fewer weights than the subnet's minimum.",
  WeightOutOfRange: "A weight is above 65535.",
  MaxWeightExceeded: "A weight is above the subnet's max_weight_limit.",
  InvalidSubnetName: "The subnet name is empty or too long.",
  TooManySubnets: "The network holds its maximum number of subnets.",
  NotSubnetOwner: "Only the subnet's owner may change its hyperparameters.",
  UnknownHyperparameter: "There is no hyperparameter of this name.",
  InvalidHyperparameterValue: "The value is not valid for this hyperparameter.",
  CommitRevealEnabled: "This subnet uses commit-reveal: commit the weights first, then reveal them.",
  CommitRevealDisabled: "This subnet does not use commit-reveal: set the weights directly.",
  InvalidCommitHash: "The commit hash is not 32 bytes.",
  InvalidSalt: "The salt must be 16 to 64 bytes.",
  TooManyWeightCommits: "The hotkey already holds the most pending weight commits allowed on this subnet.",
  NoWeightCommit: "The hotkey has no pending weight commit on this subnet.",
  InvalidRevealCommitHashNotMatch:
    "The revealed weights, salt and version key do not match any of the hotkey's commits.",
  RevealTooEarly: "The commit's reveal window has not opened yet; reveal it later.",
  RevealExpired: "The commit's reveal window has closed; commit the weights again.",
  AlreadyRevealed: "These weights were already revealed.",
  // Reads and node services.
  BlockNotFound: "There is no such block.",
  ExtrinsicNotFound: "There is no such extrinsic.",
  NeuronNotFound: "There is no such neuron.",
  MetagraphNotFound: "There is no metagraph for this subnet at that block.",
  HistoryNotKept: "The node does not keep that much history.",
  FaucetDisabled: "This chain has no faucet (only devnets do).",
  BadRequest: "The request was malformed.",
  NotAuthority: "This node cannot include extrinsics (it is not the authority).",
  Timeout: "The extrinsic was not included in time; it may still be included later — check the history.",
  ShuttingDown: "The gateway is shutting down; retry in a moment.",
  BodyTooLarge: "The request is larger than the gateway accepts.",
  JsonTooDeep: "The request's JSON is nested deeper than the gateway accepts.",
  TooManyStreams: "This address already has as many live views open as the gateway allows; close one.",
  // The keystore (WalletError codes).
  WrongPassword: "The password does not open this key.",
  CorruptRecord: "The stored key is damaged and cannot be read; restore it from its mnemonic or a backup.",
  Locked: "The key is locked; enter its password.",
  NotFound: "The account is not in this wallet any more.",
  DuplicateAddress: "This address is already in the wallet.",
  StorageUnavailable: "This browser does not allow storage (IndexedDB) for this site.",
  InvalidJson: "The file is not a polkadot.js JSON account (ed25519) or it is damaged.",
  WatchOnly: "A watch-only address has no key: it cannot sign.",
  InvalidName: "The name is empty or too long.",
  // Keys (KeyError codes).
  BAD_CHECKSUM: "The address is mistyped (its checksum does not match).",
  BAD_LENGTH: "The address has the wrong length.",
  BAD_PREFIX: "The address belongs to another network.",
  BAD_BASE58: "The address contains characters that are not base58.",
  BAD_MNEMONIC_WORD: "A word is not in the BIP39 English list.",
  BAD_MNEMONIC_CHECKSUM: "A word is mistyped, missing or out of order.",
  BAD_MNEMONIC_LENGTH: "A mnemonic has 12, 15, 18, 21 or 24 words.",
  BAD_PUBLIC_KEY: "The address's key is not a usable ed25519 key.",
  BAD_SECRET: "The secret key is not a 32-byte ed25519 seed.",
  BAD_HEX: "The value is not valid hexadecimal.",
  BAD_PASSWORD: "The password does not open this JSON file.",
  BAD_JSON: "The file is not a polkadot.js ed25519 JSON account, or it is damaged.",
  // This page.
  BadAmount: "The amount is not a number of tokens (digits, up to 9 decimals).",
  NotIncluded: "The gateway did not report an inclusion; check the history before signing again.",
  PreviewChanged:
    "Something changed since the preview (the burn or the nonce): review the new preview and sign again.",
  GatewayUnreachable: "The gateway cannot be reached; nothing was submitted.",
  ExtrinsicFailed: "The ledger included the extrinsic but the call failed.",
};

export interface ExplainedError extends ShownError {
  /** What the name means, in words; undefined for a name this table does not know. */
  meaning: string | undefined;
}

/** A failure as its stable name, the specific message and the name's meaning. */
export function explainError(error: unknown): ExplainedError {
  // WalletError (the keystore) carries its name in `code`; the miner's describer reads the rest.
  const coded =
    error instanceof Error &&
    error.name === "WalletError" &&
    typeof (error as { code?: unknown }).code === "string"
      ? { name: (error as unknown as { code: string }).code, message: error.message }
      : describeMinerError(error);
  return { ...coded, meaning: ERROR_MEANINGS[coded.name] };
}

/** An included extrinsic's failure (ExtrinsicResult.error / message). */
export function explainResult(name: string, message: string): ExplainedError {
  const key = name || "ExtrinsicFailed";
  return { name: key, message, meaning: ERROR_MEANINGS[key] };
}
