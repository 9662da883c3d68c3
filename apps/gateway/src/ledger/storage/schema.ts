// The SQLite layout. State entries are stored canonically encoded (the bytes the state root hashes), so the
// database alone can be audited or replayed on any machine. Extrinsics are keyed by (block, idx), so a
// block's rows append at the end of the table; only the small hash index takes random inserts (keyed by the
// hash, the whole rows did: every block dirtied pages all over a growing table). The signer is not stored
// beside the bytes (the account index and the decoded bytes have it).
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
  block INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  hash BLOB NOT NULL,
  bytes BLOB NOT NULL,
  result BLOB NOT NULL,
  PRIMARY KEY (block, idx)
) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS extrinsics_by_hash ON extrinsics (hash);
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

/**
 * Databases written before extrinsics were keyed by (block, idx) had `hash` as the key and a `signer` column;
 * their rows move to the current layout once, in one transaction, before SCHEMA runs.
 */
export const MIGRATE_EXTRINSICS = `
CREATE TABLE extrinsics_v2 (
  block INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  hash BLOB NOT NULL,
  bytes BLOB NOT NULL,
  result BLOB NOT NULL,
  PRIMARY KEY (block, idx)
) WITHOUT ROWID;
INSERT INTO extrinsics_v2 (block, idx, hash, bytes, result)
  SELECT block, idx, hash, bytes, result FROM extrinsics ORDER BY block, idx;
DROP TABLE extrinsics;
ALTER TABLE extrinsics_v2 RENAME TO extrinsics;
`;
