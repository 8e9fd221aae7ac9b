/**
 * What the provider detail screen asks the core to do, each as one function: the call, then the state change its
 * outcome means. A refused edit keeps the typed text and shows the core's problem at the field; any other failure
 * shows in the status line. Nothing here validates: the core does.
 */
import type { Provider } from "@switchboard/core/domain/Provider"
import type { ModelPatch, NewModel } from "@switchboard/core/domain/ProviderInput"
import type { ProvidersService } from "@switchboard/core/Providers"
import { type ProviderType, providerTypeLabels } from "@switchboard/core/domain/ProviderTypes"
import type { RemoteModel } from "@switchboard/core/domain/RemoteModel"
import { LastVerify } from "@switchboard/core/domain/VerifyReport"
import { DateTime, Effect, Option } from "effect"
import { type Dispatch, useCallback } from "react"
import { useBridge } from "../runtime/BridgeContext"
import { models, providers } from "../runtime/Core"
import type { Problem } from "../runtime/Problem"
import { untrusted } from "../runtime/untrusted"
import type { DetailAction, Editing } from "./DetailState"
import { parseHeader, parseModelIds } from "./parseEntries"
import { settingLabels, settingPatch } from "./SettingPatch"
import { plural } from "../text/plural"

/** A write and what to say when it lands, or why the typed text cannot be sent at all. */
export type EditPlan =
  | { readonly write: (p: ProvidersService) => Effect.Effect<Provider, unknown>; readonly notice: string }
  | { readonly error: Problem }

/** A problem with what was typed, found before anything is sent. */
const invalid = (message: string): Problem => ({ tag: "InvalidInput", message })

/** What saving `editing` on `provider` means. */
export const planEdit = (provider: Provider, editing: Editing): EditPlan => {
  const text = editing.value.text
  const target = editing.target
  const keep = provider.apiKeys.map((k) => ({ id: k.id as string }))
  switch (target._tag) {
    case "Setting":
      return {
        write: (p) => p.update(provider.id, settingPatch(target.setting, text, provider)),
        notice: `Saved ${settingLabels[target.setting]}`
      }
    case "Type":
      return {
        write: (p) => p.update(provider.id, { type: untrusted<ProviderType>(text) }),
        notice: `Type changed to ${providerTypeLabels[untrusted<ProviderType>(text)] ?? text}`
      }
    case "NewKey":
      return { write: (p) => p.update(provider.id, { apiKeys: [...keep, text] }), notice: "Key added. v verifies it." }
    case "ReplaceKey":
      return {
        write: (p) => p.update(provider.id, { apiKeys: keep.map((k) => (k.id === target.keyId ? text : k)) }),
        notice: `Replaced ${target.masked}. v verifies the new key.`
      }
    case "NewHeader": {
      const header = parseHeader(text)
      if (header === undefined) return { error: invalid("must be written Name: value, with a colon") }
      return {
        write: (p) => p.update(provider.id, { headers: { ...provider.headers, [header.name]: header.value } }),
        notice: `Header ${header.name} added`
      }
    }
    case "AddModels": {
      const ids = parseModelIds(text)
      if (ids.length === 0) return { error: invalid("needs at least one model id, like gpt2") }
      return { write: (p) => p.addModels(provider.id, ids), notice: `Added ${plural(ids.length, "model")}` }
    }
  }
}

export const useDetailIntents = (providerId: string, dispatch: Dispatch<DetailAction>) => {
  const bridge = useBridge()

  const load = useCallback(
    async (notice?: string) => {
      const outcome = await bridge.run(
        Effect.all([
          providers((p) => Effect.all([p.get(providerId), p.lastVerify(providerId)])),
          models((m) => m.lastChecks(providerId))
        ])
      )
      if (!outcome.ok) return dispatch({ _tag: "Failed", problem: outcome.problem })
      const [[provider, lastVerify], checks] = outcome.value
      dispatch({ _tag: "Loaded", provider, lastVerify: Option.getOrUndefined(lastVerify), checks, notice })
    },
    [bridge, providerId, dispatch]
  )

  /** Runs a write; shows the stored provider with `notice`, or the problem in the status line. */
  const write = async (effect: (p: ProvidersService) => Effect.Effect<Provider, unknown>, notice: string) => {
    const outcome = await bridge.run(providers(effect))
    dispatch(
      outcome.ok ? { _tag: "Loaded", provider: outcome.value, notice } : { _tag: "Failed", problem: outcome.problem }
    )
  }

  const saveEdit = async (provider: Provider, editing: Editing) => {
    const plan = planEdit(provider, editing)
    if ("error" in plan) return dispatch({ _tag: "EditRejected", error: plan.error })
    const outcome = await bridge.run(providers(plan.write))
    if (!outcome.ok) return dispatch({ _tag: "EditRejected", error: outcome.problem })
    dispatch({ _tag: "StopEdit" })
    dispatch({ _tag: "Loaded", provider: outcome.value, notice: plan.notice })
  }

  const toggle = (provider: Provider) =>
    write((p) => p.setEnabled(provider.id, !provider.enabled), provider.enabled ? "Switched off" : "Switched on")

  const removeKeys = (provider: Provider, keyIds: ReadonlyArray<string>) => {
    dispatch({ _tag: "CancelConfirm" })
    const apiKeys = provider.apiKeys.filter((k) => !keyIds.includes(k.id)).map((k) => ({ id: k.id }))
    return write((p) => p.update(provider.id, { apiKeys }), `Removed ${plural(keyIds.length, "key")}`)
  }

  const removeHeader = (provider: Provider, name: string) => {
    dispatch({ _tag: "CancelConfirm" })
    const headers = Object.fromEntries(Object.entries(provider.headers).filter(([n]) => n !== name))
    return write((p) => p.update(provider.id, { headers }), `Removed header ${name}`)
  }

  const removeModel = (provider: Provider, modelId: string) => {
    dispatch({ _tag: "CancelConfirm" })
    return write((p) => p.removeModel(provider.id, modelId), `Deleted ${modelId}`)
  }

  const verify = async (provider: Provider) => {
    dispatch({ _tag: "Busy", busy: "verify" })
    const outcome = await bridge.run(providers((p) => p.verify(provider.id)))
    if (!outcome.ok) return dispatch({ _tag: "Failed", problem: outcome.problem })
    dispatch({
      _tag: "Verified",
      lastVerify: new LastVerify({ checkedAt: DateTime.unsafeNow(), report: outcome.value })
    })
  }

  /** The provider's own list; `undefined` (with the problem shown) when it could not be fetched. */
  const fetchRemote = async (provider: Provider): Promise<ReadonlyArray<RemoteModel> | undefined> => {
    dispatch({ _tag: "Busy", busy: "fetch" })
    const outcome = await bridge.run(providers((p) => p.remoteModels(provider.id)))
    if (!outcome.ok) {
      dispatch({ _tag: "Failed", problem: outcome.problem })
      return undefined
    }
    dispatch({ _tag: "Done" })
    return outcome.value
  }

  const addPicked = (provider: Provider, inputs: ReadonlyArray<NewModel>) =>
    write((p) => p.addModels(provider.id, inputs), `Added ${plural(inputs.length, "model")}`)

  /** Saves a model's edits; returns the problem when the core refused them. */
  const saveModel = async (provider: Provider, modelId: string, patch: ModelPatch) => {
    const outcome = await bridge.run(providers((p) => p.updateModel(provider.id, modelId, patch)))
    if (!outcome.ok) return outcome.problem
    dispatch({ _tag: "Loaded", provider: outcome.value, notice: `Saved ${modelId}` })
    return undefined
  }

  return { load, saveEdit, toggle, removeKeys, removeHeader, removeModel, verify, fetchRemote, addPicked, saveModel }
}
