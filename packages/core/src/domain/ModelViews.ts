/**
 * The model × key check and the sync as every frontend shows them: the REST API's JSON and `switchboard models …
 * --json`. Checks are the core's own Schema, encoded (they already hold only masked keys); a sync's models are
 * `ModelView`s, so a preview of the new ones shows their catalog facts before they are added.
 */
import { Schema } from "effect"
import { type CheckEvent, checkFailures, ModelCheck } from "./ModelCheck"
import type { Model } from "./Model"
import type { Provider } from "./Provider"
import { ModelView, modelView, ProviderView, providerView } from "./ProviderView"

export const ModelCheckView = ModelCheck
export type ModelCheckView = typeof ModelCheck.Encoded
export const modelCheckView: (check: ModelCheck) => ModelCheckView = Schema.encodeSync(ModelCheck)

const Failures = Schema.Struct({
  /** Models no key passed, while a key they were tried with passed another model. */
  models: Schema.Array(Schema.String),
  /** Key ids no model passed with, while a model they were tried on passed with another key. */
  keys: Schema.Array(Schema.String)
})

/** The last result of every model × key, and what they blame. */
export const LastChecksView = Schema.Struct({ checks: Schema.Array(ModelCheck), failures: Failures }).annotations({
  identifier: "LastModelChecks"
})
export type LastChecksView = typeof LastChecksView.Encoded

export const lastChecksView = (checks: ReadonlyArray<ModelCheck>): LastChecksView => ({
  checks: checks.map(modelCheckView),
  failures: checkFailures(checks)
})

/** A running check's events as data (the SSE frames' `data`): `start`, `progress`, `done`. */
export const checkEventView = (event: CheckEvent) => {
  switch (event._tag) {
    case "CheckStarted": {
      const { _tag, ...started } = event
      return { event: "start", data: started } as const
    }
    case "CheckProgress":
      return {
        event: "progress",
        data: { done: event.done, total: event.total, check: modelCheckView(event.check) }
      } as const
    case "CheckFinished": {
      const { _tag, ...finished } = event
      return { event: "done", data: finished } as const
    }
  }
}

/** What a bulk removal removed (model ids or key ids) and the provider after it. */
export const RemovedView = Schema.Struct({ removed: Schema.Array(Schema.String), provider: ProviderView }).annotations({
  identifier: "Removed"
})
export type RemovedView = typeof RemovedView.Type

export const removedView = (removed: { readonly removed: ReadonlyArray<string>; readonly provider: Provider }) => ({
  removed: removed.removed,
  provider: providerView(removed.provider)
})

/** The provider's list against the stored models, and the provider after the sync. */
export const SyncView = Schema.Struct({
  /** Offered upstream, not on the provider (added now with `addNew`). */
  added: Schema.Array(ModelView),
  /** On the provider, no longer offered upstream: marked with `goneAt` (removed now with `removeGone`). */
  gone: Schema.Array(ModelView),
  unchanged: Schema.Array(ModelView),
  provider: ProviderView
}).annotations({ identifier: "ModelSync" })
export type SyncView = typeof SyncView.Type

export const syncView = (sync: {
  readonly added: ReadonlyArray<Model>
  readonly gone: ReadonlyArray<Model>
  readonly unchanged: ReadonlyArray<Model>
  readonly provider: Provider
}): SyncView => ({
  added: sync.added.map(modelView),
  gone: sync.gone.map(modelView),
  unchanged: sync.unchanged.map(modelView),
  provider: providerView(sync.provider)
})
