/**
 * The providers list screen's state: the providers as last loaded, which one is selected (by id, so reordering and
 * filtering keep it), each one's last Verify report (kept by the store), the filter being typed, and a pending
 * removal waiting for its confirmation.
 */
import type { Provider } from "@switchboard/core/domain/Provider"
import { providerTypeLabels } from "@switchboard/core/domain/ProviderTypes"
import type { LastVerify } from "@switchboard/core/domain/VerifyReport"
import { type TextValue, textValue } from "../keys/TextEdit"
import type { Problem } from "../runtime/Problem"

export interface ProvidersState {
  /** `undefined` until the first load. */
  readonly providers: ReadonlyArray<Provider> | undefined
  /** By provider id; a provider never verified has none. */
  readonly reports: ReadonlyMap<string, LastVerify>
  readonly selectedId: string | undefined
  /** `undefined` when not filtering. */
  readonly filter: TextValue | undefined
  readonly confirmRemove: Provider | undefined
  readonly problem: Problem | undefined
  readonly notice: string | undefined
}

export type ProvidersAction =
  | {
      readonly _tag: "Loaded"
      readonly providers: ReadonlyArray<Provider>
      /** When this load read them (a reorder answers with the providers only). */
      readonly reports?: ReadonlyMap<string, LastVerify>
      readonly notice?: string
    }
  | { readonly _tag: "Failed"; readonly problem: Problem }
  | { readonly _tag: "Move"; readonly by: number }
  | { readonly _tag: "StartFilter" }
  | { readonly _tag: "FilterEdited"; readonly value: TextValue }
  | { readonly _tag: "ClearFilter" }
  | { readonly _tag: "AskRemove" }
  | { readonly _tag: "CancelRemove" }

export const initialProviders: ProvidersState = {
  providers: undefined,
  reports: new Map(),
  selectedId: undefined,
  filter: undefined,
  confirmRemove: undefined,
  problem: undefined,
  notice: undefined
}

const matchesFilter = (provider: Provider, filter: string): boolean => {
  const needle = filter.trim().toLowerCase()
  return (
    needle === "" ||
    provider.name.toLowerCase().includes(needle) ||
    provider.id.includes(needle) ||
    providerTypeLabels[provider.type].toLowerCase().includes(needle)
  )
}

/** The providers the filter lets through, in the user's order. */
export const visibleProviders = (state: ProvidersState): ReadonlyArray<Provider> =>
  (state.providers ?? []).filter((p) => state.filter === undefined || matchesFilter(p, state.filter.text))

/** Index of the selection among the visible providers; the first one when the selected one is hidden or gone. */
export const selectedIndex = (state: ProvidersState): number => {
  const index = visibleProviders(state).findIndex((p) => p.id === state.selectedId)
  return index === -1 ? 0 : index
}

export const selectedProvider = (state: ProvidersState): Provider | undefined =>
  visibleProviders(state)[selectedIndex(state)]

export const providersReducer = (state: ProvidersState, action: ProvidersAction): ProvidersState => {
  switch (action._tag) {
    case "Loaded": {
      const next = {
        ...state,
        providers: action.providers,
        reports: action.reports ?? state.reports,
        // A write says what it did, replacing any problem; a reload because something changed elsewhere keeps what
        // the screen says.
        problem: action.notice === undefined ? state.problem : undefined,
        notice: action.notice ?? state.notice
      }
      return { ...next, selectedId: selectedProvider(next)?.id }
    }
    case "Failed":
      return { ...state, problem: action.problem, notice: undefined, confirmRemove: undefined }
    case "Move": {
      const visible = visibleProviders(state)
      if (visible.length === 0) return state
      const index = Math.min(visible.length - 1, Math.max(0, selectedIndex(state) + action.by))
      return { ...state, selectedId: visible[index]!.id }
    }
    case "StartFilter":
      return { ...state, filter: state.filter ?? textValue() }
    case "FilterEdited": {
      const next = { ...state, filter: action.value }
      return { ...next, selectedId: selectedProvider(next)?.id }
    }
    case "ClearFilter":
      return { ...state, filter: undefined }
    case "AskRemove":
      return { ...state, confirmRemove: selectedProvider(state), problem: undefined, notice: undefined }
    case "CancelRemove":
      return { ...state, confirmRemove: undefined }
  }
}
