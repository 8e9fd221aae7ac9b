/**
 * Picking from a provider's fetched model list: a search over ids and display names, a cursor, and the models
 * marked to add. Models the provider already has are shown but cannot be marked, so adding never hits a duplicate.
 */
import type { NewModel } from "@switchboard/core/domain/ProviderInput"
import type { RemoteModel } from "@switchboard/core/domain/RemoteModel"
import { type TextValue, textValue } from "../keys/TextEdit"

export interface ModelPickerState {
  readonly models: ReadonlyArray<RemoteModel>
  readonly existing: ReadonlySet<string>
  readonly query: TextValue
  readonly searching: boolean
  readonly marked: ReadonlySet<string>
  readonly index: number
}

export type ModelPickerAction =
  | { readonly _tag: "Search"; readonly searching: boolean }
  | { readonly _tag: "Query"; readonly value: TextValue }
  | { readonly _tag: "Move"; readonly by: number }
  | { readonly _tag: "ToggleMark" }
  | { readonly _tag: "ToggleAll" }

export const openPicker = (models: ReadonlyArray<RemoteModel>, existing: ReadonlyArray<string>): ModelPickerState => ({
  models,
  existing: new Set(existing),
  query: textValue(),
  searching: false,
  marked: new Set(),
  index: 0
})

export const visibleModels = (state: ModelPickerState): ReadonlyArray<RemoteModel> => {
  const needle = state.query.text.trim().toLowerCase()
  return needle === ""
    ? state.models
    : state.models.filter(
        (m) => m.id.toLowerCase().includes(needle) || (m.displayName ?? "").toLowerCase().includes(needle)
      )
}

const clamp = (state: ModelPickerState): ModelPickerState => ({
  ...state,
  index: Math.max(0, Math.min(state.index, visibleModels(state).length - 1))
})

export const modelPickerReducer = (state: ModelPickerState, action: ModelPickerAction): ModelPickerState => {
  switch (action._tag) {
    case "Search":
      return { ...state, searching: action.searching }
    case "Query":
      return clamp({ ...state, query: action.value, index: 0 })
    case "Move":
      return clamp({ ...state, index: state.index + action.by })
    case "ToggleMark": {
      const model = visibleModels(state)[state.index]
      if (model === undefined || state.existing.has(model.id)) return state
      const marked = new Set(state.marked)
      if (!marked.delete(model.id)) marked.add(model.id)
      return { ...state, marked }
    }
    case "ToggleAll": {
      const candidates = visibleModels(state)
        .map((m) => m.id)
        .filter((id) => !state.existing.has(id))
      const allMarked = candidates.every((id) => state.marked.has(id))
      const marked = new Set(state.marked)
      for (const id of candidates) {
        if (allMarked) marked.delete(id)
        else marked.add(id)
      }
      return { ...state, marked }
    }
  }
}

/** What `Providers.addModels` gets for the marked models: their ids with the metadata the provider gave. */
export const markedInputs = (state: ModelPickerState): ReadonlyArray<NewModel> =>
  state.models
    .filter((m) => state.marked.has(m.id))
    .map((m) => ({
      id: m.id,
      ...(m.displayName === undefined ? {} : { name: m.displayName }),
      ...(m.contextLength === undefined ? {} : { contextLength: m.contextLength }),
      ...(m.ownedBy === undefined ? {} : { ownedBy: m.ownedBy })
    }))
