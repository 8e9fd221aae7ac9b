/**
 * The whole core as one Layer, for the apps that embed it (the server and the TUI): the SQLite store in the data
 * dir, sealed keys, conversations, and the `Providers`, `Chat` and `Relay` services. The apps pass in the adapters
 * (the core never imports them), already given an HTTP client. With `SWITCHBOARD_DATABASE_URL` set, the stores are
 * in that PostgreSQL database instead, shared with other instances (see `pg/Database`), and so are key cooldowns.
 *
 * `layerMemory` is the same core on in-memory stores with a random master key, for tests.
 */
import { Effect, Layer, Option, type Redacted } from "effect"
import * as Catalog from "./catalog/Catalog"
import * as ChangeSignal from "./ChangeSignal"
import * as Chat from "./Chat"
import * as ConversationStore from "./ConversationStore"
import * as Conversations from "./Conversations"
import * as ConversationStoreSqlite from "./sqlite/ConversationStoreSqlite"
import * as Database from "./sqlite/Database"
import * as DataDir from "./DataDir"
import type * as KeyCheck from "./KeyCheck"
import * as KeyCheckSqlite from "./sqlite/KeyCheckSqlite"
import * as KeyPool from "./KeyPool"
import * as ModelCheckStore from "./ModelCheckStore"
import * as Models from "./Models"
import * as ModelCheckStorePg from "./pg/ModelCheckStorePg"
import * as ModelCheckStoreSqlite from "./sqlite/ModelCheckStoreSqlite"
import * as ConversationStorePg from "./pg/ConversationStorePg"
import * as PgDatabase from "./pg/Database"
import * as KeyCheckPg from "./pg/KeyCheckPg"
import * as KeyCooldownsPg from "./pg/KeyCooldownsPg"
import { storageError as pgStorageError } from "./pg/PgFailure"
import * as ProviderStorePg from "./pg/ProviderStorePg"
import * as SharedMasterKey from "./pg/SharedMasterKey"
import type { ProviderAdapters } from "./ProviderAdapter"
import * as Providers from "./Providers"
import * as ProviderStore from "./ProviderStore"
import * as ProviderStoreSqlite from "./sqlite/ProviderStoreSqlite"
import * as Relay from "./Relay"
import * as Secrets from "./Secrets"
import { storageError as sqliteStorageError } from "./sqlite/SqliteFailure"
import * as StoreHealth from "./StoreHealth"
import * as UnreadableKeys from "./UnreadableKeys"

/**
 * What an app gets from the core; `ChangeSignal` lets a frontend follow other processes' writes (`changes`), and
 * `StoreHealth` tells `/healthz` whether the database answers.
 */
export type Services =
  | Providers.Providers
  | Chat.Chat
  | Conversations.Conversations
  | Relay.Relay
  | ChangeSignal.ChangeSignal
  | StoreHealth.StoreHealth
  | DataDir.DataDir
  | Catalog.Catalog
  | Models.Models

type Stores =
  | ProviderStore.ProviderStore
  | ModelCheckStore.ModelCheckStore
  | ConversationStore.ConversationStore
  | ChangeSignal.ChangeSignal
  | StoreHealth.StoreHealth

// One key pool per process: a key that `Chat` found throttled rests for `Relay` too.
const services = <E, R, E2, E3, R3>(
  stores: Layer.Layer<Stores, E, R>,
  keyPool: Layer.Layer<KeyPool.KeyPool, E2>,
  catalog: Layer.Layer<Catalog.Catalog, E3, R3>
) =>
  Layer.mergeAll(
    Providers.layer,
    Models.layer,
    Chat.layer,
    Conversations.layer,
    Relay.layer,
    Layer.effect(ChangeSignal.ChangeSignal, ChangeSignal.ChangeSignal),
    Layer.effect(StoreHealth.StoreHealth, StoreHealth.StoreHealth)
  ).pipe(Layer.provide(keyPool), Layer.provide(stores), Layer.provideMerge(catalog))

const onDisk = <E1, E2>(dataDir: Layer.Layer<DataDir.DataDir, E1>, adapters: Layer.Layer<ProviderAdapters, E2>) => {
  // The key check runs as the store opens: the wrong master key stops the start (see `KeyCheck`).
  const stores = Layer.mergeAll(
    Layer.merge(ProviderStoreSqlite.layer, KeyCheckSqlite.layer).pipe(Layer.provide(Secrets.layerConfig)),
    ConversationStoreSqlite.layer,
    ModelCheckStoreSqlite.layer,
    StoreHealth.layerSql(sqliteStorageError)
  ).pipe(Layer.provideMerge(Database.layer))
  return services(stores, KeyPool.layer, Catalog.layer).pipe(Layer.provide(adapters), Layer.provideMerge(dataDir))
}

/**
 * The core on the PostgreSQL database at `url`, which other instances share: the master key from
 * `SWITCHBOARD_MASTER_KEY` only, checked against the database's; the data dir keeps only this instance's token.
 */
const onPostgres = <E1, E2>(
  url: Redacted.Redacted,
  dataDir: Layer.Layer<DataDir.DataDir, E1>,
  adapters: Layer.Layer<ProviderAdapters, E2>
) => {
  // One layer value, so the stores and the cooldowns share one pool (a layer is built once per reference).
  const database = PgDatabase.layerUrl(url)
  const stores = Layer.mergeAll(
    Layer.merge(ProviderStorePg.layer, KeyCheckPg.layer).pipe(Layer.provide(SharedMasterKey.layer)),
    ConversationStorePg.layer,
    ModelCheckStorePg.layer,
    StoreHealth.layerSql(pgStorageError)
  ).pipe(Layer.provideMerge(database))
  const keyPool = KeyPool.layer.pipe(Layer.provide(KeyCooldownsPg.layer), Layer.provide(database))
  return services(stores, keyPool, Catalog.layer).pipe(Layer.provide(adapters), Layer.provideMerge(dataDir))
}

/**
 * The embedded default: everything in `SWITCHBOARD_DATA_DIR` (see `DataDir`); or, with `SWITCHBOARD_DATABASE_URL`
 * set, the stores in that PostgreSQL database.
 */
export const layer = <E>(adapters: Layer.Layer<ProviderAdapters, E>) =>
  Layer.unwrapEffect(
    Effect.map(
      PgDatabase.urlConfig,
      Option.match({
        onNone: () => onDisk(DataDir.layerConfig, adapters),
        onSome: (url) => onPostgres(url, DataDir.layerConfig, adapters)
      })
    )
  )

/** The same core on a given data dir (tests and tools that must not read the environment for it). */
export const layerAt = <E>(path: string, adapters: Layer.Layer<ProviderAdapters, E>) =>
  onDisk(DataDir.layer(path), adapters)

/** The core on in-memory stores, for tests. */
export const layerMemory = <E>(adapters: Layer.Layer<ProviderAdapters, E>) =>
  services(
    Layer.mergeAll(
      ModelCheckStore.layerMemory.pipe(Layer.provideMerge(ProviderStore.layerMemory)),
      ConversationStore.layerMemory,
      ChangeSignal.layerStill,
      StoreHealth.layerMemory
    ),
    KeyPool.layer,
    Catalog.layerBundled
  ).pipe(Layer.provide(adapters))

/**
 * Lists (`apply: false`) or drops (`apply: true`) the keys the master key cannot unseal, in the store the environment
 * names (the data directory's SQLite file, or `SWITCHBOARD_DATABASE_URL`), without the start's key check (which
 * refuses exactly this store); see `UnreadableKeys`. On PostgreSQL the instances must then all be given the new
 * `SWITCHBOARD_MASTER_KEY`, the one this accepts.
 */
export const forgetUnreadableKeys = (apply: boolean) =>
  Effect.flatMap(
    PgDatabase.urlConfig,
    Option.match({
      onNone: () =>
        forgetIn(apply, KeyCheckSqlite.make).pipe(
          Effect.provide(
            ProviderStoreSqlite.layer.pipe(
              Layer.provideMerge(Layer.merge(Database.layer, Secrets.layerConfig)),
              Layer.provide(DataDir.layerConfig)
            )
          )
        ),
      onSome: (url) =>
        forgetIn(apply, KeyCheckPg.make).pipe(
          Effect.provide(
            ProviderStorePg.layer.pipe(Layer.provideMerge(Layer.merge(PgDatabase.layerUrl(url), SharedMasterKey.layer)))
          )
        )
    })
  )

const forgetIn = <E, R>(apply: boolean, keyCheck: Effect.Effect<KeyCheck.KeyCheckStore, E, R>) =>
  apply ? Effect.flatMap(keyCheck, UnreadableKeys.forget) : UnreadableKeys.find
