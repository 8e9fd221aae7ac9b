/**
 * The Add provider form: name, id (derived from the name as it is typed, until the user edits it), what to start
 * from (a protocol type, or a preset that fills type and base URL), base URL, api version (Azure only) and an
 * optional first key. Problems the core reports are kept per field, so each
 * shows under the field it is about; editing a field clears its problem.
 */
import { type Preset, presets } from "@switchboard/core/Presets"
import type { NewProvider } from "@switchboard/core/domain/ProviderInput"
import { slugify } from "@switchboard/core/domain/Slug"
import { type ProviderType, providerTypeLabels, providerTypes } from "@switchboard/core/domain/ProviderTypes"
import { type TextValue, textValue } from "../keys/TextEdit"
import type { Problem } from "../runtime/Problem"

/** What a new provider starts from: a bare protocol type, or a preset. */
export type Kind =
  | { readonly _tag: "Type"; readonly type: ProviderType; readonly label: string }
  | { readonly _tag: "Preset"; readonly preset: Preset; readonly label: string }

export const kinds: ReadonlyArray<Kind> = [
  ...providerTypes.map((type): Kind => ({ _tag: "Type", type, label: providerTypeLabels[type] })),
  ...presets.map((preset): Kind => ({ _tag: "Preset", preset, label: preset.name }))
]

export const typeOfKind = (kind: Kind): ProviderType => (kind._tag === "Type" ? kind.type : kind.preset.type)

export type TextFieldName = "name" | "id" | "baseUrl" | "apiVersion" | "apiKey"
export type FieldName = TextFieldName | "kind"

export interface AddProviderState {
  readonly focus: FieldName
  readonly kind: number
  readonly text: Readonly<Record<TextFieldName, TextValue>>
  /** Whether the id still follows the name (the user has not typed one). */
  readonly idFromName: boolean
  readonly errors: { readonly [F in FieldName]?: Problem | undefined }
  /** A failure that belongs to no field (storage, …). */
  readonly problem: Problem | undefined
  readonly submitting: boolean
}

export type AddProviderAction =
  | { readonly _tag: "Focus"; readonly by: 1 | -1 }
  | { readonly _tag: "Edit"; readonly field: TextFieldName; readonly value: TextValue }
  | { readonly _tag: "ChooseKind"; readonly by: 1 | -1 }
  | { readonly _tag: "Submitting" }
  | { readonly _tag: "Failed"; readonly problem: Problem }

export const initialAddProvider: AddProviderState = {
  focus: "name",
  kind: 0,
  text: { name: textValue(), id: textValue(), baseUrl: textValue(), apiVersion: textValue(), apiKey: textValue() },
  idFromName: true,
  errors: {},
  problem: undefined,
  submitting: false
}

export const currentKind = (state: AddProviderState): Kind => kinds[state.kind]!

/** The fields the form shows, in order: the api version only for Azure. */
export const fieldsOf = (state: AddProviderState): ReadonlyArray<FieldName> =>
  typeOfKind(currentKind(state)) === "azure-openai"
    ? ["name", "id", "kind", "baseUrl", "apiVersion", "apiKey"]
    : ["name", "id", "kind", "baseUrl", "apiKey"]

/** Which form field a core `InvalidInput` field path is about. */
export const fieldOfPath = (path: string): FieldName | undefined => {
  if (path === "name") return "name"
  if (path === "id") return "id"
  if (path === "type" || path === "preset") return "kind"
  if (path === "baseUrl") return "baseUrl"
  if (path === "apiVersion") return "apiVersion"
  if (path.startsWith("apiKeys")) return "apiKey"
  return undefined
}

/** A preset's name and base URL replace what the previous choice filled in, never what the user typed. */
const refill = (value: TextValue, previous: string | undefined, next: string | undefined): TextValue =>
  value.text === "" || value.text === previous ? textValue(next ?? "") : value

/** The id shown while it follows the name: what the core will make of the name (unless that id is taken). */
const withIdFromName = (state: AddProviderState): AddProviderState =>
  state.idFromName
    ? {
        ...state,
        text: { ...state.text, id: textValue(state.text.name.text.trim() === "" ? "" : slugify(state.text.name.text)) }
      }
    : state

export const addProviderReducer = (state: AddProviderState, action: AddProviderAction): AddProviderState => {
  switch (action._tag) {
    case "Focus": {
      const fields = fieldsOf(state)
      const index = (fields.indexOf(state.focus) + action.by + fields.length) % fields.length
      return { ...state, focus: fields[index]! }
    }
    case "Edit":
      return withIdFromName({
        ...state,
        text: { ...state.text, [action.field]: action.value },
        idFromName: action.field === "id" ? false : state.idFromName,
        errors: { ...state.errors, [action.field]: undefined }
      })
    case "ChooseKind": {
      const before = currentKind(state)
      const kind = (state.kind + action.by + kinds.length) % kinds.length
      const after = kinds[kind]!
      const was = before._tag === "Preset" ? before.preset : undefined
      const now = after._tag === "Preset" ? after.preset : undefined
      const text = {
        ...state.text,
        name: refill(state.text.name, was?.name, now?.name),
        baseUrl: refill(state.text.baseUrl, was?.baseUrl, now?.baseUrl),
        apiVersion: refill(state.text.apiVersion, was?.apiVersion, now?.apiVersion)
      }
      // A field the new choice refilled is a new value: its old problem no longer applies.
      const refilled = (field: TextFieldName) => (text[field] === state.text[field] ? state.errors[field] : undefined)
      return withIdFromName({
        ...state,
        kind,
        text,
        errors: {
          ...state.errors,
          kind: undefined,
          name: refilled("name"),
          baseUrl: refilled("baseUrl"),
          apiVersion: refilled("apiVersion")
        }
      })
    }
    case "Submitting":
      return { ...state, submitting: true, problem: undefined }
    case "Failed": {
      const field =
        action.problem.tag === "DuplicateName"
          ? action.problem.field === "id"
            ? "id"
            : "name"
          : action.problem.field === undefined
            ? undefined
            : fieldOfPath(action.problem.field)
      return field === undefined
        ? { ...state, submitting: false, problem: action.problem }
        : { ...state, submitting: false, focus: field, errors: { ...state.errors, [field]: action.problem } }
    }
  }
}

/** What the form sends to `Providers.add`: only the fields the user filled in. */
export const newProviderInput = (state: AddProviderState): NewProvider => {
  const kind = currentKind(state)
  const { name, id, baseUrl, apiVersion, apiKey } = state.text
  return {
    name: name.text,
    // An id the user typed is sent as typed; one that follows the name is the core's to choose (it adds -2, -3, …
    // when the name's id is taken).
    ...(state.idFromName || id.text.trim() === "" ? {} : { id: id.text }),
    ...(kind._tag === "Type" ? { type: kind.type } : { preset: kind.preset.id }),
    ...(baseUrl.text.trim() === "" ? {} : { baseUrl: baseUrl.text }),
    ...(typeOfKind(kind) === "azure-openai" && apiVersion.text.trim() !== "" ? { apiVersion: apiVersion.text } : {}),
    ...(apiKey.text.trim() === "" ? {} : { apiKeys: [apiKey.text] })
  }
}
