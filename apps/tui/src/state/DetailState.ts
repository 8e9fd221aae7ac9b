/**
 * The provider detail screen's state: the provider as last loaded, the open tab and its selected row, the one field
 * being edited (with the core's problem about it, if the last save failed — the typed text stays, so nothing is
 * lost), keys marked for removal, a pending confirmation, Verify's progress and the last Verify report, and the last
 * result of every model × key (both kept by the store, so they survive a restart and show checks made from the CLI or
 * the dashboard).
 */
import type { ModelCheck } from "@switchboard/core/domain/ModelCheck"
import type { Provider } from "@switchboard/core/domain/Provider"
import { providerTypes } from "@switchboard/core/domain/ProviderTypes"
import type { LastVerify } from "@switchboard/core/domain/VerifyReport"
import { type TextValue, textValue } from "../keys/TextEdit"
import type { Problem } from "../runtime/Problem"

export const tabs = ["settings", "keys", "headers", "models"] as const
export type Tab = (typeof tabs)[number]

export const tabLabels: Readonly<Record<Tab, string>> = {
  settings: "Settings",
  keys: "API keys",
  headers: "Headers",
  models: "Models"
}

/** The settings a user edits as text. */
export type Setting = "name" | "baseUrl" | "apiVersion" | "firstByteMs" | "idleMs" | "verifyMs" | "maxRetries"

/** What the text being typed will become. */
export type EditTarget =
  | { readonly _tag: "Setting"; readonly setting: Setting }
  /** The protocol type, chosen with ←/→ (the text is the type's id). */
  | { readonly _tag: "Type" }
  | { readonly _tag: "NewKey" }
  | { readonly _tag: "ReplaceKey"; readonly keyId: string; readonly masked: string }
  | { readonly _tag: "NewHeader" }
  | { readonly _tag: "AddModels" }

export interface Editing {
  readonly target: EditTarget
  readonly value: TextValue
  readonly error: Problem | undefined
}

export type Confirm =
  | { readonly _tag: "RemoveKeys"; readonly keyIds: ReadonlyArray<string> }
  | { readonly _tag: "RemoveModel"; readonly modelId: string }
  | { readonly _tag: "RemoveHeader"; readonly name: string }
  /** The models the last check failed, or the keys it refused on every model (masked, as the question names them). */
  | { readonly _tag: "RemoveFailedModels"; readonly modelIds: ReadonlyArray<string> }
  | { readonly _tag: "RemoveFailedKeys"; readonly masked: ReadonlyArray<string> }
  | { readonly _tag: "RemoveGone"; readonly modelIds: ReadonlyArray<string> }

/** Work in progress the screen shows a spinner for. */
export type Busy = "verify" | "fetch" | "sync"

export interface DetailState {
  readonly provider: Provider | undefined
  readonly tab: Tab
  readonly row: number
  readonly editing: Editing | undefined
  /** Key ids marked for removal. */
  readonly marked: ReadonlySet<string>
  readonly confirm: Confirm | undefined
  readonly busy: Busy | undefined
  readonly lastVerify: LastVerify | undefined
  readonly checks: ReadonlyArray<ModelCheck>
  readonly problem: Problem | undefined
  readonly notice: string | undefined
}

export type DetailAction =
  | {
      readonly _tag: "Loaded"
      readonly provider: Provider
      /** The stored report, when this load read it (a write answers with the provider only). */
      readonly lastVerify?: LastVerify | undefined
      /** The stored model × key results, when this load read them. */
      readonly checks?: ReadonlyArray<ModelCheck>
      readonly notice?: string | undefined
    }
  | { readonly _tag: "Verified"; readonly lastVerify: LastVerify }
  | { readonly _tag: "Failed"; readonly problem: Problem }
  | { readonly _tag: "SwitchTab"; readonly by?: 1 | -1; readonly tab?: Tab }
  | { readonly _tag: "Move"; readonly by: number }
  | { readonly _tag: "StartEdit"; readonly target: EditTarget; readonly text?: string }
  | { readonly _tag: "Edited"; readonly value: TextValue }
  | { readonly _tag: "EditRejected"; readonly error: Problem }
  | { readonly _tag: "StopEdit" }
  | { readonly _tag: "ToggleMark"; readonly keyId: string }
  | { readonly _tag: "Ask"; readonly confirm: Confirm }
  | { readonly _tag: "CancelConfirm" }
  | { readonly _tag: "Busy"; readonly busy: Busy }
  | { readonly _tag: "Done"; readonly notice?: string | undefined }

export const initialDetail: DetailState = {
  provider: undefined,
  tab: "settings",
  row: 0,
  editing: undefined,
  marked: new Set(),
  confirm: undefined,
  busy: undefined,
  lastVerify: undefined,
  checks: [],
  problem: undefined,
  notice: undefined
}

/** The protocol type `by` places after `type` in the list of types, round the end. */
export const cycleType = (type: string, by: 1 | -1): string => {
  const index = providerTypes.indexOf(type as (typeof providerTypes)[number])
  return providerTypes[(index + by + providerTypes.length) % providerTypes.length]!
}

/** The settings rows, in order; the api version only for Azure. */
export const settingRows = (provider: Provider): ReadonlyArray<Setting | "enabled" | "type"> => [
  "name",
  "enabled",
  "type",
  "baseUrl",
  ...(provider.type === "azure-openai" ? (["apiVersion"] as const) : []),
  "firstByteMs",
  "idleMs",
  "verifyMs",
  "maxRetries"
]

/** How many rows the open tab has. */
export const rowCount = (state: DetailState): number => {
  const provider = state.provider
  if (provider === undefined) return 0
  switch (state.tab) {
    case "settings":
      return settingRows(provider).length
    case "keys":
      return provider.apiKeys.length
    case "headers":
      return Object.keys(provider.headers).length
    case "models":
      return provider.models.length
  }
}

const clampRow = (state: DetailState): DetailState => ({
  ...state,
  row: Math.max(0, Math.min(state.row, rowCount(state) - 1))
})

export const detailReducer = (state: DetailState, action: DetailAction): DetailState => {
  switch (action._tag) {
    case "Loaded": {
      const keyIds = new Set(action.provider.apiKeys.map((k) => k.id as string))
      return clampRow({
        ...state,
        provider: action.provider,
        lastVerify: "lastVerify" in action ? action.lastVerify : state.lastVerify,
        checks: action.checks ?? state.checks,
        marked: new Set([...state.marked].filter((id) => keyIds.has(id))),
        // A write says what it did, replacing any problem; a reload because something changed elsewhere keeps what
        // the screen says, and Verify's or a fetch's spinner, since that work is still running.
        problem: action.notice === undefined ? state.problem : undefined,
        notice: action.notice ?? state.notice
      })
    }
    case "Failed":
      return { ...state, problem: action.problem, busy: undefined, notice: undefined }
    case "SwitchTab": {
      const tab = action.tab ?? tabs[(tabs.indexOf(state.tab) + (action.by ?? 1) + tabs.length) % tabs.length]!
      return tab === state.tab ? state : { ...state, tab, row: 0, confirm: undefined }
    }
    case "Move":
      return clampRow({ ...state, row: state.row + action.by })
    case "StartEdit":
      return {
        ...state,
        editing: { target: action.target, value: textValue(action.text ?? ""), error: undefined },
        problem: undefined,
        notice: undefined
      }
    case "Edited":
      return state.editing === undefined
        ? state
        : { ...state, editing: { ...state.editing, value: action.value, error: undefined } }
    case "EditRejected":
      return state.editing === undefined ? state : { ...state, editing: { ...state.editing, error: action.error } }
    case "StopEdit":
      return { ...state, editing: undefined }
    case "ToggleMark": {
      const marked = new Set(state.marked)
      if (!marked.delete(action.keyId)) marked.add(action.keyId)
      return { ...state, marked }
    }
    case "Ask":
      return { ...state, confirm: action.confirm, problem: undefined, notice: undefined }
    case "CancelConfirm":
      return { ...state, confirm: undefined }
    case "Busy":
      return {
        ...state,
        busy: action.busy,
        tab: action.busy === "verify" ? "keys" : state.tab,
        row: action.busy === "verify" && state.tab !== "keys" ? 0 : state.row,
        problem: undefined,
        notice: undefined
      }
    case "Verified":
      return { ...state, busy: undefined, lastVerify: action.lastVerify }
    case "Done":
      return { ...state, busy: undefined, notice: action.notice }
  }
}
