/**
 * The provider store in a PostgreSQL database several instances share: the SQLite store's statements and document
 * (`sqlite/ProviderStoreSqlite.ts`) over the same table, with the semantics documented on the port. Every write runs
 * under one advisory lock, so writers on all instances take turns and each checks the revision its caller based the
 * change on against what the writer before it committed: two instances patching one provider at once lose no update,
 * the later one gets `Conflict`.
 *
 * `layer` is this store under the read cache (`CachedProviderStore`) driven by the database's notifications (see
 * `ChangeFeed`); `layerUncached` is the store alone.
 */
import type { SqlClient } from "@effect/sql"
import { Layer } from "effect"
import * as CachedProviderStore from "../CachedProviderStore"
import type { ChangeSignal } from "../ChangeSignal"
import * as ProviderDocument from "../ProviderDocument"
import { ProviderStore } from "../ProviderStore"
import type { Secrets } from "../Secrets"
import { makeWith } from "../sqlite/ProviderStoreSqlite"
import { lockedTransaction, storageError } from "./PgFailure"

export const make = makeWith({
  writeTransaction: (sql, operation) => lockedTransaction(sql, "switchboard.providers", operation),
  storageError
})

/** The store alone on the database's `SqlClient`, with documents in and out through `ProviderDocument`. */
export const layerUncached: Layer.Layer<ProviderStore, never, SqlClient.SqlClient | ProviderDocument.ProviderDocument> =
  Layer.effect(ProviderStore, make)

/** What the apps use: the store sealing with `Secrets`, under the read cache driven by the database's notifications. */
export const layer: Layer.Layer<ProviderStore, never, SqlClient.SqlClient | ChangeSignal | Secrets> =
  CachedProviderStore.layer.pipe(Layer.provide(layerUncached), Layer.provide(ProviderDocument.layer))
