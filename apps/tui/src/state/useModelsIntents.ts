/**
 * What the models tab asks the core's `Models` service beyond a model's own settings: the sync with the provider's
 * list (and its two bulk actions), and the removals the last check suggests. Each write reloads the detail, so the
 * last results shown lose what was removed.
 */
import type { Provider } from "@switchboard/core/domain/Provider"
import type { ModelsService, SyncResult } from "@switchboard/core/Models"
import type { SyncOptions } from "@switchboard/core/ModelSync"
import type { Effect } from "effect"
import type { Dispatch } from "react"
import { useBridge } from "../runtime/BridgeContext"
import { models } from "../runtime/Core"
import { plural } from "../text/plural"
import type { DetailAction } from "./DetailState"

export const useModelsIntents = (dispatch: Dispatch<DetailAction>, load: (notice?: string) => Promise<void>) => {
  const bridge = useBridge()

  const remove = async (
    f: (service: ModelsService) => Effect.Effect<{ readonly removed: ReadonlyArray<string> }, unknown>,
    notice: (removed: ReadonlyArray<string>) => string
  ) => {
    dispatch({ _tag: "CancelConfirm" })
    const outcome = await bridge.run(models(f))
    if (!outcome.ok) return dispatch({ _tag: "Failed", problem: outcome.problem })
    await load(notice(outcome.value.removed))
  }

  const removeFailedModels = (provider: Provider) =>
    remove(
      (m) => m.removeFailedModels(provider.id),
      (removed) => `Removed ${plural(removed.length, "model")}${removed.length === 0 ? "" : `: ${removed.join(", ")}`}`
    )

  const removeFailedKeys = (provider: Provider) =>
    remove(
      (m) => m.removeFailedKeys(provider.id),
      (removed) => `Removed ${plural(removed.length, "key")} refused on every model`
    )

  /** Syncs with the provider's list; the diff, or `undefined` (with the problem shown) when the list was not read. */
  const sync = async (provider: Provider, options: SyncOptions = {}): Promise<SyncResult | undefined> => {
    dispatch({ _tag: "Busy", busy: "sync" })
    const outcome = await bridge.run(models((m) => m.sync(provider.id, options)))
    if (!outcome.ok) {
      dispatch({ _tag: "Failed", problem: outcome.problem })
      return undefined
    }
    const { added, gone, unchanged } = outcome.value
    dispatch({ _tag: "Done" })
    await load(
      options.addNew
        ? `Added ${plural(added.length, "model")}`
        : options.removeGone
          ? `Removed ${plural(gone.length, "gone model")}`
          : `The provider's list: ${added.length} new, ${gone.length} gone, ${unchanged.length} unchanged`
    )
    return outcome.value
  }

  return { removeFailedModels, removeFailedKeys, sync }
}
