/**
 * The conversation's settings form (ctrl+t): its title (once it is stored), the system prompt sent in front of every
 * turn, the temperature and the max tokens; an empty setting goes back to the model's default. The core checks the
 * values (its `ConversationPatch`); its problem with a field stays under it until that field is edited.
 */
import type { ConversationSettings } from "@switchboard/core/domain/Conversation"
import type { ConversationPatch } from "@switchboard/core/domain/ConversationInput"
import { type TextValue, textValue } from "../keys/TextEdit"
import type { Problem } from "../runtime/Problem"
import { untrusted } from "../runtime/untrusted"

export type FormField = "title" | "systemPrompt" | "temperature" | "maxTokens"

export const formLabels: Readonly<Record<FormField, string>> = {
  title: "Title",
  systemPrompt: "System prompt",
  temperature: "Temperature",
  maxTokens: "Max tokens"
}

export interface ConversationFormState {
  /** The fields shown: no title before the conversation is stored (its first message names it). */
  readonly fields: ReadonlyArray<FormField>
  readonly focus: number
  readonly text: Readonly<Record<FormField, TextValue>>
  readonly title: string | undefined
  readonly error: { readonly field: FormField; readonly problem: Problem } | undefined
}

export type ConversationFormAction =
  | { readonly _tag: "Focus"; readonly by: 1 | -1 }
  | { readonly _tag: "Edit"; readonly value: TextValue }
  | { readonly _tag: "Rejected"; readonly problem: Problem }

const shownNumber = (value: number | undefined) => (value === undefined ? "" : String(value))

export const openForm = (title: string | undefined, settings: ConversationSettings): ConversationFormState => ({
  fields:
    title === undefined
      ? ["systemPrompt", "temperature", "maxTokens"]
      : ["title", "systemPrompt", "temperature", "maxTokens"],
  focus: 0,
  text: {
    title: textValue(title ?? ""),
    systemPrompt: textValue(settings.systemPrompt ?? ""),
    temperature: textValue(shownNumber(settings.temperature)),
    maxTokens: textValue(shownNumber(settings.maxTokens))
  },
  title,
  error: undefined
})

export const focusedField = (state: ConversationFormState): FormField => state.fields[state.focus]!

/** Which field a core `InvalidInput` path is about (`temperature`); the focused one otherwise. */
const fieldOf = (state: ConversationFormState, path: string | undefined): FormField =>
  state.fields.find((field) => field === path) ?? focusedField(state)

export const conversationFormReducer = (
  state: ConversationFormState,
  action: ConversationFormAction
): ConversationFormState => {
  switch (action._tag) {
    case "Focus":
      return { ...state, focus: (state.focus + action.by + state.fields.length) % state.fields.length }
    case "Edit": {
      const field = focusedField(state)
      return {
        ...state,
        text: { ...state.text, [field]: action.value },
        error: state.error?.field === field ? undefined : state.error
      }
    }
    case "Rejected":
      return { ...state, error: { field: fieldOf(state, action.problem.field), problem: action.problem } }
  }
}

/** A number as typed: sent as a number when it looks like one, as typed otherwise, for the core's words about it. */
const typedNumber = (text: string): number | null => {
  const trimmed = text.trim()
  if (trimmed === "") return null
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : untrusted<number>(trimmed)
}

/** What the form changes: every setting (empty ones removed), and the title when it was edited. */
export const formPatch = (state: ConversationFormState): ConversationPatch => {
  const { title, systemPrompt, temperature, maxTokens } = state.text
  return {
    ...(state.title === undefined || title.text === state.title ? {} : { title: title.text }),
    systemPrompt: systemPrompt.text.trim() === "" ? null : systemPrompt.text,
    temperature: typedNumber(temperature.text),
    maxTokens: typedNumber(maxTokens.text)
  }
}
