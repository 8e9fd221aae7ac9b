/**
 * Editing one model: its display name, its group, each capability as the catalog or the id suggests it (`null`) or
 * set on or off by the user, and the user's own context window, output limit and prices (empty: the catalog's or the
 * provider's value applies). The core's problem with a field stays shown under it until that field is edited.
 */
import type { Model } from "@switchboard/core/domain/Model"
import type { Capability } from "@switchboard/core/domain/ModelCapabilities"
import { type ModelFacts, modelFacts } from "@switchboard/core/domain/ModelFacts"
import type { ModelPatch } from "@switchboard/core/domain/ProviderInput"
import { capabilities } from "@switchboard/core/domain/ProviderTypes"
import { type TextValue, textValue } from "../keys/TextEdit"
import type { Problem } from "../runtime/Problem"

/** The rows typed as text; the price rows are named as the core's `pricing` fields, so its problems find them. */
export const textRows = ["name", "group", "contextWindow", "maxOutputTokens", "currency", "input", "output"] as const
export type TextRow = (typeof textRows)[number]
export type EditorRow = TextRow | Capability

export const editorRows: ReadonlyArray<EditorRow> = [
  "name",
  "group",
  ...capabilities,
  "contextWindow",
  "maxOutputTokens",
  "currency",
  "input",
  "output"
]

export const isTextRow = (row: EditorRow): row is TextRow => (textRows as ReadonlyArray<string>).includes(row)

export interface ModelEditorState extends Readonly<Record<TextRow, TextValue>> {
  readonly modelId: string
  readonly focus: number
  /** `null`: use the catalog's or the inferred value. */
  readonly overrides: Readonly<Record<Capability, boolean | null>>
  /** The model's facts without the user's settings: what an empty field or an unset capability means. */
  readonly fallback: ModelFacts
  readonly error: { readonly row: EditorRow; readonly problem: Problem } | undefined
}

export type ModelEditorAction =
  | { readonly _tag: "Focus"; readonly by: 1 | -1 }
  | { readonly _tag: "Edit"; readonly row: TextRow; readonly value: TextValue }
  | { readonly _tag: "Cycle" }
  | { readonly _tag: "Rejected"; readonly row: EditorRow; readonly problem: Problem }

const optional = (value: number | string | undefined) => textValue(value === undefined ? "" : String(value))

export const openEditor = (model: Model): ModelEditorState => ({
  modelId: model.id,
  focus: 0,
  name: textValue(model.name),
  group: textValue(model.group),
  contextWindow: optional(model.contextWindow),
  maxOutputTokens: optional(model.maxOutputTokens),
  currency: optional(model.pricing?.currency),
  input: optional(model.pricing?.input),
  output: optional(model.pricing?.output),
  overrides: Object.fromEntries(capabilities.map((c) => [c, model.overrides[c] ?? null])) as Record<
    Capability,
    boolean | null
  >,
  fallback: modelFacts({ id: model.id, overrides: {}, contextLength: model.contextLength, catalog: model.catalog }),
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
      if (isTextRow(row)) return state
      return { ...state, overrides: { ...state.overrides, [row]: next(state.overrides[row]) } }
    }
    case "Rejected":
      return { ...state, error: { row: action.row, problem: action.problem } }
  }
}

/** A number as typed (the core says what is wrong with it), or `null` for an empty field: the fallback applies. */
const typed = (value: TextValue): number | null => (value.text.trim() === "" ? null : Number(value.text.trim()))

/**
 * The `ModelPatch` to save. Prices need a currency: left empty, it is US dollars, the catalog's. Cache prices the
 * user set elsewhere (the CLI, the dashboard) are kept.
 */
export const modelPatch = (state: ModelEditorState, model: Model): ModelPatch => {
  const input = typed(state.input)
  const output = typed(state.output)
  const currency = state.currency.text.trim().toUpperCase()
  const { cachedInput, cacheWrite } = model.pricing ?? {}
  return {
    name: state.name.text,
    group: state.group.text,
    capabilities: state.overrides,
    contextWindow: typed(state.contextWindow),
    maxOutputTokens: typed(state.maxOutputTokens),
    pricing:
      input === null && output === null && currency === ""
        ? null
        : {
            currency: currency === "" ? "USD" : currency,
            ...(input === null ? {} : { input }),
            ...(output === null ? {} : { output }),
            ...(cachedInput === undefined ? {} : { cachedInput }),
            ...(cacheWrite === undefined ? {} : { cacheWrite })
          }
  }
}

/** Which row a core `InvalidInput` field (`name`, `group`, `capabilities.vision`) is about. */
export const rowOfPath = (path: string): EditorRow =>
  (editorRows.find((row) => path === row || path.endsWith(`.${row}`)) ?? "name") as EditorRow
