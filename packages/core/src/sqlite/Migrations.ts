/**
 * The schema of the embedded SQLite store, as ordered migrations (run at start by `Database.layer`). Migrations are
 * append-only: a released one is never edited, a change is a new entry.
 *
 * Providers are stored as one JSON document each (keys inside already sealed), so a provider and its models change
 * atomically under one revision check; the columns beside it are what queries and constraints need.
 */
import { SqlClient } from "@effect/sql"
import { Effect } from "effect"

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
  "0002_conversations": Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql`CREATE TABLE conversations (
      id TEXT PRIMARY KEY,
      title TEXT NOT NULL,
      provider_id TEXT NOT NULL,
      model_id TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    )`
    yield* sql`CREATE TABLE messages (
      conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      role TEXT NOT NULL,
      content TEXT NOT NULL,
      meta TEXT,
      created_at TEXT NOT NULL,
      PRIMARY KEY (conversation_id, seq)
    )`
    yield* sql`CREATE INDEX conversations_updated ON conversations(updated_at DESC)`
  }),
  // One row: a known text sealed with the master key (see `KeyCheck`), written on first start.
  "0003_key_check": Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql`CREATE TABLE key_check (id INTEGER PRIMARY KEY CHECK (id = 1), value TEXT NOT NULL)`
  }),
  // A message that is more than text (images, tool calls, reasoning with signatures) keeps its parts as JSON.
  "0004_message_parts": Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql`ALTER TABLE messages ADD COLUMN parts TEXT`
  }),
  // A provider's last verify report (`LastVerify` as JSON, keys only masked), in its row so it goes with it.
  "0005_last_verify": Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql`ALTER TABLE providers ADD COLUMN last_verify TEXT`
  }),
  // A conversation's settings, used by each of its turns (NULL: the model's default).
  "0006_conversation_settings": Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql`ALTER TABLE conversations ADD COLUMN system_prompt TEXT`
    yield* sql`ALTER TABLE conversations ADD COLUMN temperature REAL`
    yield* sql`ALTER TABLE conversations ADD COLUMN max_tokens INTEGER`
  }),
  // The last result of each model × key check (`ModelCheckStore`): JSON with the key only masked, gone with its provider.
  "0007_model_checks": Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql`CREATE TABLE model_checks (
      provider_id TEXT NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
      model_id TEXT NOT NULL,
      key_id TEXT NOT NULL,
      checked_at TEXT NOT NULL,
      result TEXT NOT NULL,
      PRIMARY KEY (provider_id, model_id, key_id)
    )`
  })
} satisfies Record<string, Effect.Effect<void, unknown, SqlClient.SqlClient>>
