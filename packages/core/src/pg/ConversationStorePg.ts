/**
 * The conversation store in a PostgreSQL database several instances share: the SQLite store's statements
 * (`sqlite/ConversationStoreSqlite.ts`) over the same tables. Writes to one conversation take turns on an advisory
 * lock named after it, so two instances appending to the same conversation at once number their messages one after
 * the other instead of colliding; different conversations never wait for each other.
 */
import type { SqlClient } from "@effect/sql"
import { Layer } from "effect"
import { ConversationStore } from "../ConversationStore"
import { makeWith } from "../sqlite/ConversationStoreSqlite"
import { lockedTransaction, storageError } from "./PgFailure"

export const make = makeWith({
  writeTransaction: (sql, operation, id) => lockedTransaction(sql, `switchboard.conversation.${id}`, operation),
  storageError
})

/** The store on the database's `SqlClient` (see `Database.layerUrl`). */
export const layer: Layer.Layer<ConversationStore, never, SqlClient.SqlClient> = Layer.effect(ConversationStore, make)
