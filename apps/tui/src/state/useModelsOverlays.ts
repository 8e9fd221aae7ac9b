/**
 * The models tab's two overlays and their keys: the check of every model × key (its form, the run, the results) and
 * the sync's diff, plus the bulk removals both suggest, each asked first through the detail's confirmation. The
 * screen asks for the open overlay's keys and draws it; it owns nothing of either.
 */
import { checkFailures } from "@switchboard/core/domain/ModelCheck"
import type { Provider } from "@switchboard/core/domain/Provider"
import type { SyncResult } from "@switchboard/core/Models"
import type { Key } from "ink"
import { type Dispatch, useState } from "react"
import { editText } from "../keys/TextEdit"
import type { Handlers } from "../keys/useCommands"
import type { Confirm, DetailAction, DetailState } from "./DetailState"
import {
  focusedField,
  type ModelCheckAction,
  type ModelCheckState,
  modelCheckReducer,
  openCheck
} from "./ModelCheckState"
import { useModelCheck } from "./useModelCheck"
import { useModelsIntents } from "./useModelsIntents"

export const useModelsOverlays = (dispatch: Dispatch<DetailAction>, load: (notice?: string) => Promise<void>) => {
  const [check, setCheck] = useState<ModelCheckState | undefined>(undefined)
  const [sync, setSync] = useState<SyncResult | undefined>(undefined)
  const intents = useModelsIntents(dispatch, load)
  const runCheck = (action: ModelCheckAction) => setCheck((c) => (c === undefined ? c : modelCheckReducer(c, action)))
  const checking = useModelCheck(runCheck, () => void load())

  /**
   * The removals the stored last results suggest, each only when it has something to remove. Stored, not this run's:
   * they are what the core removes by (a run with one key adds to the other keys' earlier results).
   */
  const removals = (p: Provider, state: DetailState): Handlers => {
    const failures = checkFailures(state.checks)
    const ask = (confirm: Confirm) => () => dispatch({ _tag: "Ask", confirm })
    return {
      ...(failures.models.length === 0
        ? {}
        : { "models.removeFailed": ask({ _tag: "RemoveFailedModels", modelIds: failures.models }) }),
      ...(failures.keys.length === 0
        ? {}
        : {
            "models.removeFailedKeys": ask({
              _tag: "RemoveFailedKeys",
              masked: failures.keys.map((id) => p.apiKeys.find((k) => k.id === id)?.masked ?? id)
            })
          })
    }
  }

  /** Answers yes to one of this module's confirmations; `false` when `confirm` is the screen's own. */
  const confirmed = (p: Provider, confirm: Confirm): boolean => {
    switch (confirm._tag) {
      case "RemoveFailedModels":
        setCheck(undefined)
        void intents.removeFailedModels(p)
        return true
      case "RemoveFailedKeys":
        setCheck(undefined)
        void intents.removeFailedKeys(p)
        return true
      case "RemoveGone":
        setSync(undefined)
        void intents.sync(p, { removeGone: true })
        return true
      default:
        return false
    }
  }

  /** The open overlay's keys, or `undefined` when neither is open. */
  const overlayHandlers = (p: Provider, state: DetailState): Handlers | undefined => {
    if (check !== undefined) {
      switch (check.phase) {
        case "setup":
          return {
            "form.next": () => runCheck({ _tag: "Focus", by: 1 }),
            "form.prev": () => runCheck({ _tag: "Focus", by: -1 }),
            ...(focusedField(check) === "key" && p.apiKeys.length > 1
              ? {
                  "form.choicePrev": () => runCheck({ _tag: "CycleKey", by: -1 }),
                  "form.choiceNext": () => runCheck({ _tag: "CycleKey", by: 1 })
                }
              : {}),
            "check.start": () => checking.start(p, check),
            "check.close": () => setCheck(undefined)
          }
        case "running":
          return { "check.stop": checking.stop }
        default:
          return { ...removals(p, state), "check.close": () => setCheck(undefined) }
      }
    }
    if (sync === undefined) return undefined
    return {
      ...(sync.added.length === 0
        ? {}
        : {
            "sync.addNew": async () => {
              if ((await intents.sync(p, { addNew: true })) !== undefined) setSync(undefined)
            }
          }),
      ...(sync.gone.length === 0
        ? {}
        : {
            "sync.removeGone": () =>
              dispatch({ _tag: "Ask", confirm: { _tag: "RemoveGone", modelIds: sync.gone.map((m) => m.id) } })
          }),
      "sync.close": () => setSync(undefined)
    }
  }

  /** The models tab's own keys for these: start a check (of a tab with models), sync, and the removals. */
  const tabHandlers = (p: Provider, state: DetailState): Handlers => ({
    ...(p.models.length === 0 ? {} : { "models.check": () => setCheck(openCheck(p)) }),
    ...(state.busy === "sync"
      ? {}
      : {
          "models.sync": async () => {
            const result = await intents.sync(p)
            if (result !== undefined) setSync(result)
          }
        }),
    ...removals(p, state)
  })

  /** Where typed keys go while the check's form has a text field focused. */
  const text =
    check?.phase === "setup" && focusedField(check) !== "key"
      ? (input: string, key: Key) => {
          const field = focusedField(check) as "concurrency" | "timeoutMs"
          runCheck({ _tag: "Edit", field, value: editText(check[field], input, key) })
        }
      : undefined

  return { check, sync, overlayHandlers, tabHandlers, confirmed, text }
}
