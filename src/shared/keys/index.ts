// Keys, addresses and mnemonics (SPEC §2). Browser-safe: no node:* modules and no Buffer anywhere below.
export { publicKeyFromSeed, sign, verify } from "./ed25519";
export { isKeyError, KEY_ERROR_CODES, KeyError, type KeyErrorCode } from "./errors";
export { fromHex, toHex } from "./hex";
export { type Keypair, keypairFromMnemonic, keypairFromSeed, randomKeypair } from "./keypair";
export { generateMnemonic, miniSecretFromMnemonic, validateMnemonic } from "./mnemonic";
export {
  decryptAccountJson,
  encryptAccountJson,
  POLKADOT_ALLOWED_SCRYPT,
  POLKADOT_SCRYPT,
  type PolkadotAccountJson,
  parseAccountJson,
  type ScryptParams,
} from "./polkadot-json";
export { decodeAddress, encodeAddress, isValidAddress, SS58_PREFIX } from "./ss58";
export { type AsyncSigner, asyncSigner, verifyAsync } from "./webcrypto-ed25519";
export { sha256Async } from "./webcrypto-sha256";
