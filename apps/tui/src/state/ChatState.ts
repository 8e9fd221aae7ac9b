/**
 * The chat screen's state: which provider and model answer (chosen among enabled providers' models only), the
 * conversation shown, the composer, the answer streaming in, and the two pickers (model, earlier conversations).
 * Streamed text arrives in batches (`StreamBuffer`), so a fast model costs a render per batch, not per token.
 */
import type {
  Conversation,
  ConversationSettings,
  ConversationWithMessages
} from "@switchboard/core/domain/Conversation"
import type { Completed } from "@switchboard/core/domain/ChatOutput"
import { type TextValue, textValue } from "../keys/TextEdit"
import type { ImageFile } from "../runtime/files"
import type { Problem } from "../runtime/Problem"
import { byLine, imageKey, type Shown, shown, shownMessages } from "./Shown"

/** A model the user may chat with: an enabled provider's registered model. */
export interface Choice {
  readonly providerId: string
  readonly providerName: string
  readonly modelId: string
  /** Whether the model takes images (its vision capability, inferred or set by the user). */
  readonly vision: boolean
}

export const choiceLabel = (choice: Choice): string => `${choice.providerName} / ${choice.modelId}`

export interface Streaming {
  readonly by: string
  readonly text: string
  readonly reasoning: string
  readonly url: string | undefined
  readonly inputTokens: number | undefined
  readonly outputTokens: number | undefined
}

export interface ListPicker<A> {
  readonly items: ReadonlyArray<A>
  readonly query: TextValue
  readonly index: number
}

export interface ChatState {
  readonly choices: ReadonlyArray<Choice> | undefined
  /** Every provider's name by id, so stored conversations (which keep ids) read as the chat does. */
  readonly providerNames: ReadonlyMap<string, string>
  readonly target: Choice | undefined
  readonly conversationId: string | undefined
  /** The conversation's title once stored. */
  readonly title: string | undefined
  /** Its system prompt, temperature and max tokens: stored ones, or those the next new conversation starts with. */
  readonly settings: ConversationSettings
  readonly messages: ReadonlyArray<Shown>
  readonly composer: TextValue
  readonly streaming: Streaming | undefined
  readonly modelPicker: ListPicker<Choice> | undefined
  readonly history: ListPicker<Conversation> | undefined
  /** A conversation to delete once the user says yes. */
  readonly confirmRemove: Conversation | undefined
  /** The message picked for an action (copy, edit, retry, delete), as an index into `messages`. */
  readonly selected: number | undefined
  /** A message to delete once the user says yes. */
  readonly confirmMessage: Shown | undefined
  /** The user message the composer edits (its `seq`): enter resends it in its place. */
  readonly editing: number | undefined
  /** Images attached to the message being written. */
  readonly images: ReadonlyArray<ImageFile>
  /** The file names of the images sent this session, by `imageKey`: the store keeps only their bytes. */
  readonly imageNames: ReadonlyMap<string, string>
  /** Lines scrolled up from the bottom of the transcript. */
  readonly scroll: number
  readonly problem: Problem | undefined
  readonly notice: string | undefined
}

export type ChatAction =
  | {
      readonly _tag: "ChoicesLoaded"
      readonly choices: ReadonlyArray<Choice>
      readonly providerNames: ReadonlyMap<string, string>
      readonly preferProvider?: string
    }
  | { readonly _tag: "Failed"; readonly problem: Problem }
  | { readonly _tag: "OpenModelPicker" }
  | { readonly _tag: "OpenHistory"; readonly conversations: ReadonlyArray<Conversation> }
  | { readonly _tag: "PickerQuery"; readonly value: TextValue }
  | { readonly _tag: "PickerMove"; readonly by: number }
  | { readonly _tag: "ClosePicker" }
  | { readonly _tag: "AskRemove"; readonly conversation: Conversation }
  | { readonly _tag: "CancelRemove" }
  | { readonly _tag: "Pick"; readonly choice: Choice }
  | { readonly _tag: "Opened"; readonly conversation: ConversationWithMessages; readonly target: Choice | undefined }
  | { readonly _tag: "New" }
  | { readonly _tag: "ComposerEdited"; readonly value: TextValue }
  /** A turn starts: the user's new message, or none when the last one is answered again. */
  | { readonly _tag: "Sent"; readonly content: string | undefined }
  /** Keeps the first `keep` messages: what a retry or an edit drops before answering. */
  | { readonly _tag: "Truncate"; readonly keep: number }
  /** The conversation as stored, read back after a turn or a change to it. */
  | { readonly _tag: "Refreshed"; readonly conversation: ConversationWithMessages }
  | { readonly _tag: "Settings"; readonly settings: ConversationSettings }
  | { readonly _tag: "Select"; readonly by: number }
  | { readonly _tag: "Unselect" }
  | { readonly _tag: "EditMessage"; readonly message: Shown }
  | { readonly _tag: "StopEditing" }
  | { readonly _tag: "Attached"; readonly image: ImageFile }
  | { readonly _tag: "Detached" }
  | { readonly _tag: "AskRemoveMessage"; readonly message: Shown }
  | { readonly _tag: "CancelRemoveMessage" }
  | { readonly _tag: "Started"; readonly conversationId: string | undefined; readonly url: string }
  | { readonly _tag: "Deltas"; readonly text: string; readonly reasoning: string }
  | { readonly _tag: "Usage"; readonly inputTokens: number; readonly outputTokens: number }
  | { readonly _tag: "Completed"; readonly completed: Completed }
  | { readonly _tag: "Ended"; readonly problem: Problem }
  | { readonly _tag: "Scroll"; readonly by: number }
  | { readonly _tag: "Notice"; readonly notice: string }

export const initialChat: ChatState = {
  choices: undefined,
  providerNames: new Map(),
  target: undefined,
  conversationId: undefined,
  title: undefined,
  settings: {},
  messages: [],
  composer: textValue(),
  streaming: undefined,
  modelPicker: undefined,
  history: undefined,
  confirmRemove: undefined,
  selected: undefined,
  confirmMessage: undefined,
  editing: undefined,
  images: [],
  imageNames: new Map(),
  scroll: 0,
  problem: undefined,
  notice: undefined
}

const matches = (text: string, query: string) => text.toLowerCase().includes(query.trim().toLowerCase())

export const visibleChoices = (picker: ListPicker<Choice>): ReadonlyArray<Choice> =>
  picker.items.filter((c) => matches(choiceLabel(c), picker.query.text))

export const visibleConversations = (
  picker: ListPicker<Conversation>,
  names: ReadonlyMap<string, string>
): ReadonlyArray<Conversation> =>
  picker.items.filter((c) => matches(`${c.title} ${byLine(names, c.providerId, c.modelId)}`, picker.query.text))

const sameChoice = (a: Choice, b: Choice) => a.providerId === b.providerId && a.modelId === b.modelId

/** The streamed answer, ended: kept in the transcript with how it ended. */
const settle = (state: ChatState, end: Pick<Shown, "footer" | "error" | "cancelled">): ChatState => {
  const streaming = state.streaming
  if (streaming === undefined) return state
  return {
    ...state,
    streaming: undefined,
    messages: [
      ...state.messages,
      shown({ role: "assistant", content: streaming.text, reasoning: streaming.reasoning, by: streaming.by, ...end })
    ]
  }
}

/** The conversation as stored: its messages (with their numbers), title and settings. */
const stored = (state: ChatState, conversation: ConversationWithMessages): ChatState => ({
  ...state,
  conversationId: conversation.id,
  title: conversation.title,
  settings: {
    systemPrompt: conversation.systemPrompt,
    temperature: conversation.temperature,
    maxTokens: conversation.maxTokens
  },
  messages: shownMessages(conversation, state.providerNames, state.imageNames)
})

const clampIndex = <A>(picker: ListPicker<A>, visible: number): ListPicker<A> => ({
  ...picker,
  index: Math.max(0, Math.min(picker.index, visible - 1))
})

export const chatReducer = (state: ChatState, action: ChatAction): ChatState => {
  switch (action._tag) {
    case "ChoicesLoaded": {
      const base = { ...state, choices: action.choices, providerNames: action.providerNames }
      if (state.target === undefined) {
        const preferred = action.choices.find((c) => c.providerId === action.preferProvider)
        return { ...base, target: preferred ?? action.choices[0] }
      }
      if (action.choices.some((c) => sameChoice(c, state.target!))) return base
      // Switched off or removed elsewhere (the CLI, the dashboard): say so rather than answer with another model.
      return {
        ...base,
        target: undefined,
        notice: `${choiceLabel(state.target)} is not available any more (switched off or removed); ctrl+p chooses another model.`
      }
    }
    case "Failed":
      return { ...state, problem: action.problem, notice: undefined }
    case "OpenModelPicker": {
      const items = state.choices ?? []
      const index = Math.max(
        0,
        items.findIndex((c) => state.target !== undefined && sameChoice(c, state.target))
      )
      return { ...state, modelPicker: { items, query: textValue(), index }, history: undefined }
    }
    case "OpenHistory":
      return {
        ...state,
        history: { items: action.conversations, query: textValue(), index: 0 },
        modelPicker: undefined
      }
    case "PickerQuery":
      if (state.modelPicker !== undefined)
        return { ...state, modelPicker: { ...state.modelPicker, query: action.value, index: 0 } }
      if (state.history !== undefined) return { ...state, history: { ...state.history, query: action.value, index: 0 } }
      return state
    case "PickerMove":
      if (state.modelPicker !== undefined) {
        const picker = { ...state.modelPicker, index: state.modelPicker.index + action.by }
        return { ...state, modelPicker: clampIndex(picker, visibleChoices(picker).length) }
      }
      if (state.history !== undefined) {
        const picker = { ...state.history, index: state.history.index + action.by }
        return { ...state, history: clampIndex(picker, visibleConversations(picker, state.providerNames).length) }
      }
      return state
    case "ClosePicker":
      return { ...state, modelPicker: undefined, history: undefined }
    case "AskRemove":
      return { ...state, confirmRemove: action.conversation, problem: undefined, notice: undefined }
    case "CancelRemove":
      return { ...state, confirmRemove: undefined }
    case "Pick":
      return {
        ...state,
        target: action.choice,
        modelPicker: undefined,
        notice: `Talking to ${choiceLabel(action.choice)}`
      }
    case "Opened":
      return {
        ...stored(state, action.conversation),
        history: undefined,
        selected: undefined,
        editing: undefined,
        target: action.target ?? state.target,
        scroll: 0,
        problem: undefined,
        notice:
          action.target === undefined
            ? `Reopened “${action.conversation.title}”; its model is not available now, so ${state.target === undefined ? "pick one with ctrl+p" : `${choiceLabel(state.target)} answers`}`
            : `Reopened “${action.conversation.title}”`
      }
    case "New":
      return {
        ...state,
        conversationId: undefined,
        title: undefined,
        settings: {},
        messages: [],
        selected: undefined,
        editing: undefined,
        images: [],
        scroll: 0,
        problem: undefined,
        notice: "New conversation"
      }
    case "ComposerEdited":
      return { ...state, composer: action.value }
    case "Sent":
      return {
        ...state,
        composer: textValue(),
        editing: undefined,
        selected: undefined,
        images: [],
        messages:
          action.content === undefined
            ? state.messages
            : [
                ...state.messages,
                shown({ role: "user", content: action.content, attachments: state.images.map((i) => i.name) })
              ],
        streaming: {
          by: state.target === undefined ? "" : choiceLabel(state.target),
          text: "",
          reasoning: "",
          url: undefined,
          inputTokens: undefined,
          outputTokens: undefined
        },
        scroll: 0,
        problem: undefined,
        notice: undefined
      }
    case "Started":
      return state.streaming === undefined
        ? state
        : {
            ...state,
            conversationId: action.conversationId ?? state.conversationId,
            streaming: { ...state.streaming, url: action.url }
          }
    case "Deltas":
      return state.streaming === undefined
        ? state
        : {
            ...state,
            streaming: {
              ...state.streaming,
              text: state.streaming.text + action.text,
              reasoning: state.streaming.reasoning + action.reasoning
            }
          }
    case "Usage":
      return state.streaming === undefined
        ? state
        : {
            ...state,
            streaming: { ...state.streaming, inputTokens: action.inputTokens, outputTokens: action.outputTokens }
          }
    case "Completed": {
      const { completed } = action
      return settle(state, {
        footer: {
          inputTokens: completed.usage?.inputTokens ?? state.streaming?.inputTokens,
          outputTokens: completed.usage?.outputTokens ?? state.streaming?.outputTokens,
          cost: completed.cost,
          timing: completed.timing,
          finishReason: completed.raw ?? completed.finishReason
        },
        error: undefined,
        cancelled: false
      })
    }
    case "Ended":
      return action.problem.tag === "Interrupted"
        ? settle(state, { footer: undefined, error: undefined, cancelled: true })
        : settle(state, { footer: undefined, error: action.problem, cancelled: false })
    case "Scroll":
      return { ...state, scroll: Math.max(0, state.scroll + action.by) }
    case "Notice":
      return { ...state, notice: action.notice }
    case "Truncate":
      return { ...state, messages: state.messages.slice(0, action.keep) }
    case "Refreshed":
      // Only the conversation on screen, and never under an answer still streaming into it.
      return action.conversation.id !== state.conversationId || state.streaming !== undefined
        ? state
        : { ...stored(state, action.conversation), selected: undefined }
    case "Settings":
      return { ...state, settings: action.settings }
    case "Select": {
      if (state.messages.length === 0) return state
      const from = state.selected ?? state.messages.length
      const selected = Math.max(0, Math.min(state.messages.length - 1, from + action.by))
      return { ...state, selected, problem: undefined, notice: undefined }
    }
    case "Unselect":
      return { ...state, selected: undefined, confirmMessage: undefined }
    case "EditMessage":
      return {
        ...state,
        selected: undefined,
        editing: action.message.seq,
        composer: textValue(action.message.content),
        notice: "Editing your message: enter sends it again in its place (what followed goes), esc stops editing"
      }
    case "Attached": {
      const imageNames = new Map(state.imageNames).set(imageKey(action.image.base64), action.image.name)
      return { ...state, images: [...state.images, action.image], imageNames, notice: `Attached ${action.image.name}` }
    }
    case "Detached":
      return { ...state, images: [], notice: "Removed the attached images" }
    case "StopEditing":
      return { ...state, editing: undefined, composer: textValue(), notice: undefined }
    case "AskRemoveMessage":
      return { ...state, confirmMessage: action.message, problem: undefined, notice: undefined }
    case "CancelRemoveMessage":
      return { ...state, confirmMessage: undefined }
  }
}
