/**
 * The schema of the PostgreSQL store, as ordered migrations (run at start by `Database.layer`, or by
 * `switchboard db migrate`). Append-only, as SQLite's: a released migration is never edited. The tables mirror the
 * SQLite store's (`sqlite/Migrations.ts`) column for column, timestamps as the same ISO text, so both stores share
 * their row decoding and `switchboard db copy` moves rows as they are. What only several instances need is here too:
 * the change counter and its notification (see `ChangeFeed`), and the shared key cooldowns (`KeyCooldownsPg`).
 */
import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

/** The channel every committed change notifies, with the new change count as payload. */
export const changesChannel = "switchboard_changes"

export const migrations = {
  "0001_providers": Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql`CREATE TABLE providers (
      id TEXT PRIMARY KEY,
      name_key TEXT NOT NULL UNIQUE,
      position INTEGER NOT NULL,
      revision INTEGER NOT NULL,
      document TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`
  }),
  // `rowid` is made explicit: SQLite has it by itself, and the list breaks ties between equal timestamps with it.
  "0002_conversations": Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql`CREATE TABLE conversations (
      id TEXT PRIMARY KEY,
      title TEXT NOT NULL,
      provider_id TEXT NOT NULL,
      model_id TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      rowid BIGSERIAL NOT NULL
    )`
    yield* sql`CREATE TABLE messages (
      conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      role TEXT NOT NULL,
      content TEXT NOT NULL,
      meta TEXT,
      parts TEXT,
      created_at TEXT NOT NULL,
      PRIMARY KEY (conversation_id, seq)
    )`
    yield* sql`CREATE INDEX conversations_updated ON conversations(updated_at DESC)`
  }),
  "0003_key_check": Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql`CREATE TABLE key_check (id INTEGER PRIMARY KEY CHECK (id = 1), value TEXT NOT NULL)`
  }),
  // One counter row, bumped by every statement that writes what the instances share, in the writer's transaction: a
  // reader sees the new count exactly when it can see the rows, and the notification is delivered after the commit.
  "0004_changes": Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql`CREATE TABLE changes (id INTEGER PRIMARY KEY CHECK (id = 1), counter BIGINT NOT NULL)`
    yield* sql`INSERT INTO changes (id, counter) VALUES (1, 0)`
    yield* sql.unsafe(`CREATE FUNCTION switchboard_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE next BIGINT;
      BEGIN
        UPDATE changes SET counter = counter + 1 WHERE id = 1 RETURNING counter INTO next;
        PERFORM pg_notify('${changesChannel}', next::text);
        RETURN NULL;
      END $$`)
    for (const table of ["providers", "conversations", "messages"]) {
      yield* sql.unsafe(`CREATE TRIGGER ${table}_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION switchboard_changed()`)
    }
  }),
  // Per `providerId/keyId`, when its cooldown ends (epoch ms): a key one instance saw refused rests on all of them.
  "0005_key_cooldowns": Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql`CREATE TABLE key_cooldowns (slot TEXT PRIMARY KEY, until_ms BIGINT NOT NULL)`
  }),
  // A provider's last verify report (`LastVerify` as JSON), as in SQLite's `0005_last_verify`.
  "0006_last_verify": Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql`ALTER TABLE providers ADD COLUMN last_verify TEXT`
  }),
  // A conversation's settings, as in SQLite's `0006_conversation_settings`.
  "0007_conversation_settings": Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql`ALTER TABLE conversations
      ADD COLUMN system_prompt TEXT, ADD COLUMN temperature DOUBLE PRECISION, ADD COLUMN max_tokens INTEGER`
  }),
  // The last result of each model × key check, as in SQLite's `0007_model_checks`.
  "0008_model_checks": Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql`CREATE TABLE model_checks (
      provider_id TEXT NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
      model_id TEXT NOT NULL,
      key_id TEXT NOT NULL,
      checked_at TEXT NOT NULL,
      result TEXT NOT NULL,
      PRIMARY KEY (provider_id, model_id, key_id)
    )`
  }),
  // Check results are shown beside the providers, so writing them moves the change counter too (see `0004_changes`).
  "0009_model_checks_changed": Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql`CREATE TRIGGER model_checks_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON model_checks
      FOR EACH STATEMENT EXECUTE FUNCTION switchboard_changed()`
  })
} satisfies Record<string, Effect.Effect<void, unknown, SqlClient.SqlClient>>
