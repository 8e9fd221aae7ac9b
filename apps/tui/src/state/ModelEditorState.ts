/**
 * Editing one model: its display name, its group, and each capability as inferred from the id (`null`) or set on
 * or off by the user. The core's problem with a field stays shown under it until that field is edited.
 */
import type { Model } from "@switchboard/core/domain/Model"
import { type Capabilities, type Capability, inferCapabilities } from "@switchboard/core/domain/ModelCapabilities"
import type { ModelPatch } from "@switchboard/core/domain/ProviderInput"
import { capabilities } from "@switchboard/core/domain/ProviderTypes"
import { type TextValue, textValue } from "../keys/TextEdit"
import type { Problem } from "../runtime/Problem"

export type EditorRow = "name" | "group" | Capability

export const editorRows: ReadonlyArray<EditorRow> = ["name", "group", ...capabilities]

export interface ModelEditorState {
  readonly modelId: string
  readonly focus: number
  readonly name: TextValue
  readonly group: TextValue
  /** `null`: use the inferred value. */
  readonly overrides: Readonly<Record<Capability, boolean | null>>
  readonly inferred: Capabilities
  readonly error: { readonly row: EditorRow; readonly problem: Problem } | undefined
}

export type ModelEditorAction =
  | { readonly _tag: "Focus"; readonly by: 1 | -1 }
  | { readonly _tag: "Edit"; readonly row: "name" | "group"; readonly value: TextValue }
  | { readonly _tag: "Cycle" }
  | { readonly _tag: "Rejected"; readonly row: EditorRow; readonly problem: Problem }

export const openEditor = (model: Model): ModelEditorState => ({
  modelId: model.id,
  focus: 0,
  name: textValue(model.name),
  group: textValue(model.group),
  overrides: Object.fromEntries(capabilities.map((c) => [c, model.overrides[c] ?? null])) as Record<
    Capability,
    boolean | null
  >,
  inferred: inferCapabilities(model.id),
  error: undefined
})

export const focusedRow = (state: ModelEditorState): EditorRow => editorRows[state.focus]!

/** inferred → on → off → inferred. */
const next = (value: boolean | null): boolean | null => (value === null ? true : value ? false : null)

export const modelEditorReducer = (state: ModelEditorState, action: ModelEditorAction): ModelEditorState => {
  switch (action._tag) {
    case "Focus":
      return { ...state, focus: (state.focus + action.by + editorRows.length) % editorRows.length }
    case "Edit":
      return {
        ...state,
        [action.row]: action.value,
        error: state.error?.row === action.row ? undefined : state.error
      }
    case "Cycle": {
      const row = focusedRow(state)
      if (row === "name" || row === "group") return state
      return { ...state, overrides: { ...state.overrides, [row]: next(state.overrides[row]) } }
    }
    case "Rejected":
      return { ...state, error: { row: action.row, problem: action.problem } }
  }
}

/** The `ModelPatch` to save. */
export const modelPatch = (state: ModelEditorState): ModelPatch => ({
  name: state.name.text,
  group: state.group.text,
  capabilities: state.overrides
})

/** Which row a core `InvalidInput` field (`name`, `group`, `capabilities.vision`) is about. */
export const rowOfPath = (path: string): EditorRow =>
  (editorRows.find((row) => path === row || path.endsWith(`.${row}`)) ?? "name") as EditorRow
