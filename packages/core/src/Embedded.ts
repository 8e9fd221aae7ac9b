/**
 * The whole core as one Layer, for the apps that embed it (the server and the TUI): the SQLite store in the data
 * dir, sealed keys, conversations, and the `Providers`, `Chat` and `Relay` services. The apps pass in the adapters
 * (the core never imports them), already given an HTTP client.
 *
 * `layerMemory` is the same core on in-memory stores with a random master key, for tests.
 */
import { Effect, Layer } from "effect"
import * as ChangeSignal from "./ChangeSignal"
import * as Chat from "./Chat"
import * as ConversationStore from "./ConversationStore"
import * as ConversationStoreSqlite from "./sqlite/ConversationStoreSqlite"
import * as Database from "./sqlite/Database"
import * as DataDir from "./DataDir"
import * as KeyCheckSqlite from "./sqlite/KeyCheckSqlite"
import * as KeyPool from "./KeyPool"
import type { ProviderAdapters } from "./ProviderAdapter"
import * as Providers from "./Providers"
import * as ProviderStore from "./ProviderStore"
import * as ProviderStoreSqlite from "./sqlite/ProviderStoreSqlite"
import * as Relay from "./Relay"
import * as Secrets from "./Secrets"
import * as UnreadableKeys from "./UnreadableKeys"

/** What an app gets from the core; `ChangeSignal` lets a frontend follow other processes' writes (`changes`). */
export type Services = Providers.Providers | Chat.Chat | Relay.Relay | ChangeSignal.ChangeSignal | DataDir.DataDir

type Stores = ProviderStore.ProviderStore | ConversationStore.ConversationStore | ChangeSignal.ChangeSignal

// One key pool per process: a key that `Chat` found throttled rests for `Relay` too.
const services = <E, R>(stores: Layer.Layer<Stores, E, R>) =>
  Layer.mergeAll(
    Providers.layer,
    Chat.layer,
    Relay.layer,
    Layer.effect(ChangeSignal.ChangeSignal, ChangeSignal.ChangeSignal)
  ).pipe(Layer.provide(KeyPool.layer), Layer.provide(stores))

const onDisk = <E1, E2>(dataDir: Layer.Layer<DataDir.DataDir, E1>, adapters: Layer.Layer<ProviderAdapters, E2>) => {
  // The key check runs as the store opens: the wrong master key stops the start (see `KeyCheck`).
  const stores = Layer.mergeAll(
    Layer.merge(ProviderStoreSqlite.layer, KeyCheckSqlite.layer).pipe(Layer.provide(Secrets.layerConfig)),
    ConversationStoreSqlite.layer
  ).pipe(Layer.provideMerge(Database.layer))
  return services(stores).pipe(Layer.provide(adapters), Layer.provideMerge(dataDir))
}

/** The embedded default: everything in `SWITCHBOARD_DATA_DIR` (see `DataDir`). */
export const layer = <E>(adapters: Layer.Layer<ProviderAdapters, E>) => onDisk(DataDir.layerConfig, adapters)

/** The same core on a given data dir (tests and tools that must not read the environment for it). */
export const layerAt = <E>(path: string, adapters: Layer.Layer<ProviderAdapters, E>) =>
  onDisk(DataDir.layer(path), adapters)

/** The core on in-memory stores, for tests. */
export const layerMemory = <E>(adapters: Layer.Layer<ProviderAdapters, E>) =>
  services(Layer.mergeAll(ProviderStore.layerMemory, ConversationStore.layerMemory, ChangeSignal.layerStill)).pipe(
    Layer.provide(adapters)
  )

/**
 * Lists (`apply: false`) or drops (`apply: true`) the keys the master key cannot unseal, in the data directory the
 * environment names, without the start's key check (which refuses exactly this store); see `UnreadableKeys`.
 */
export const forgetUnreadableKeys = (apply: boolean) =>
  Effect.gen(function* () {
    if (!apply) return yield* UnreadableKeys.find
    return yield* UnreadableKeys.forget(yield* KeyCheckSqlite.make)
  }).pipe(
    Effect.provide(
      ProviderStoreSqlite.layer.pipe(
        Layer.provideMerge(Layer.merge(Database.layer, Secrets.layerConfig)),
        Layer.provide(DataDir.layerConfig)
      )
    )
  )
