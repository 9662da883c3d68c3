// The SQLite layout. State entries are stored canonically encoded (the bytes the state root hashes), so the
// database alone can be audited or replayed on any machine.
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS blocks (
  number INTEGER PRIMARY KEY,
  hash BLOB NOT NULL UNIQUE,
  header BLOB NOT NULL,
  timestamp INTEGER NOT NULL,
  extrinsic_count INTEGER NOT NULL,
  events TEXT NOT NULL,
  acc BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS extrinsics (
  hash BLOB PRIMARY KEY,
  block INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  signer TEXT NOT NULL,
  bytes BLOB NOT NULL,
  result BLOB NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS extrinsics_by_block ON extrinsics (block, idx);
CREATE TABLE IF NOT EXISTS account_extrinsics (
  address TEXT NOT NULL, block INTEGER NOT NULL, idx INTEGER NOT NULL,
  PRIMARY KEY (address, block, idx)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS metagraph_identity (hash BLOB PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS metagraph_history (
  netuid INTEGER NOT NULL, block INTEGER NOT NULL, identity BLOB NOT NULL, data BLOB NOT NULL,
  PRIMARY KEY (netuid, block)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS emission_history (
  netuid INTEGER NOT NULL, block INTEGER NOT NULL, total TEXT NOT NULL, owner TEXT NOT NULL,
  server TEXT NOT NULL, validator TEXT NOT NULL, burned TEXT NOT NULL,
  PRIMARY KEY (netuid, block)
) WITHOUT ROWID;
`;
