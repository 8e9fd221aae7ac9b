/**
 * Syncing a provider's models with its own list: what is new upstream, what is no longer offered, what is unchanged.
 * Nothing the user set is touched: names, groups, capability overrides and settings survive every sync. A model no
 * longer offered is marked (`goneAt`), never silently deleted; "add all new" and "remove the gone" are explicit.
 */
import { type DateTime, Schema } from "effect"
import type { CatalogService } from "./catalog/Catalog"
import { fillModel } from "./catalog/ModelFill"
import { Model, makeModel } from "./domain/Model"
import type { Provider } from "./domain/Provider"
import type { RemoteModel } from "./domain/RemoteModel"

/** What a sync does besides marking: add the new models, remove the gone ones. */
export const SyncInput = Schema.Struct({
  addNew: Schema.optional(Schema.Boolean),
  removeGone: Schema.optional(Schema.Boolean)
})
export type SyncOptions = typeof SyncInput.Encoded

/** The provider's list against what is stored, each model as it is (or would be) stored. */
export interface SyncDiff {
  /** Offered upstream, not on the provider yet. */
  readonly added: ReadonlyArray<Model>
  /** On the provider, no longer offered upstream. */
  readonly gone: ReadonlyArray<Model>
  readonly unchanged: ReadonlyArray<Model>
}

/** The provider's list as models: the provider's own facts and the catalog's. */
const listed = (catalog: CatalogService, provider: Provider, remote: RemoteModel): Model =>
  fillModel(
    catalog,
    provider,
    makeModel({
      id: remote.id,
      ...(remote.contextLength === undefined ? {} : { contextLength: remote.contextLength }),
      ...(remote.ownedBy === undefined ? {} : { ownedBy: remote.ownedBy })
    })
  )

/**
 * A stored model brought up to date: the provider's facts as the list gives them now, the catalog's current facts,
 * and marked gone (since the first sync that missed it) or not. What the user set stays as it was.
 */
const refreshed = (
  catalog: CatalogService,
  provider: Provider,
  model: Model,
  remote: RemoteModel | undefined,
  now: DateTime.Utc
): Model => {
  const { contextLength, ownedBy, goneAt, ...rest } = model
  const context = remote === undefined ? contextLength : (remote.contextLength ?? contextLength)
  const owner = remote === undefined ? ownedBy : (remote.ownedBy ?? ownedBy)
  const gone = remote === undefined ? (goneAt ?? now) : undefined
  return fillModel(
    catalog,
    provider,
    new Model({
      ...rest,
      ...(context === undefined ? {} : { contextLength: context }),
      ...(owner === undefined ? {} : { ownedBy: owner }),
      ...(gone === undefined ? {} : { goneAt: gone })
    })
  )
}

/** The diff of `provider`'s models against `remote`, and the models to store after applying `options`. */
export const syncModels = (
  catalog: CatalogService,
  provider: Provider,
  remote: ReadonlyArray<RemoteModel>,
  options: SyncOptions,
  now: DateTime.Utc
): { readonly diff: SyncDiff; readonly models: ReadonlyArray<Model> } => {
  const offered = new Map(remote.map((model) => [model.id, model]))
  const stored = provider.models.map((model) => refreshed(catalog, provider, model, offered.get(model.id), now))
  const known = new Set(provider.models.map((model) => model.id))
  const added = [...offered.values()].filter((model) => !known.has(model.id)).map((m) => listed(catalog, provider, m))
  const gone = stored.filter((model) => !offered.has(model.id))
  const unchanged = stored.filter((model) => offered.has(model.id))
  const kept = options.removeGone ? unchanged : stored
  return { diff: { added, gone, unchanged }, models: options.addNew ? [...kept, ...added] : kept }
}
