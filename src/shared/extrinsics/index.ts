// Building, signing and hashing extrinsics (SPEC §3.2). Browser-safe: the wallet signs with the same code.
export {
  AmountError,
  checkU64,
  formatTokens,
  parseRao,
  parseTokens,
  RAO_PER_TOKEN,
  TOKEN_DECIMALS,
  U64_MAX,
} from "./amount";
export {
  assembleExtrinsic,
  buildPayload,
  calls,
  HOTKEY_CALLS,
  type PayloadFields,
  type SignedExtrinsic,
  SPEC_VERSION,
  signPayload,
} from "./build";
export {
  extrinsicFee,
  extrinsicLength,
  type FeeParams,
  isHotkeyCall,
  payloadFee,
  quoteFee,
} from "./fee";
export { extrinsicHash } from "./hash";
