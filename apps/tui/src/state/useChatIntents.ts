/**
 * What the chat screen asks the core: answers (a new turn, the last one again, an edited message resent — each read
 * back from the store once it settles, so every message has its number for the next action), the earlier
 * conversations, deleting one or one message, and copying a message. Problems land in the screen's status line.
 */
import type { Conversation } from "@switchboard/core/domain/Conversation"
import { ConversationPatch } from "@switchboard/core/domain/ConversationInput"
import { toInvalidInput } from "@switchboard/core/domain/ProviderInput"
import { Either, Schema } from "effect"
import { type Dispatch, useCallback } from "react"
import { useBridge } from "../runtime/BridgeContext"
import { copyToClipboard } from "../runtime/clipboard"
import { chat, conversations } from "../runtime/Core"
import { readImage, writeNewFile } from "../runtime/files"
import { type Problem, problemLine, problemOf } from "../runtime/Problem"
import { plural } from "../text/plural"
import type { ChatAction, ChatState } from "./ChatState"
import type { Shown } from "./Shown"
import { type ConversationFormState, formPatch } from "./ConversationFormState"
import { useChatStream } from "./useChatStream"

const decodePatch = Schema.decodeUnknownEither(ConversationPatch)

const visionless = (model: string) =>
  `${model} does not take images; choose a vision model (ctrl+p), or switch its vision on in its Models tab`

export const useChatIntents = (state: ChatState, dispatch: Dispatch<ChatAction>) => {
  const bridge = useBridge()

  /** Reads the conversation back as stored. */
  const refresh = useCallback(
    async (conversationId: string | undefined) => {
      if (conversationId === undefined) return
      const outcome = await bridge.run(conversations((c) => c.get(conversationId)))
      if (outcome.ok) dispatch({ _tag: "Refreshed", conversation: outcome.value })
    },
    [bridge, dispatch]
  )
  const stream = useChatStream(dispatch, (id) => void refresh(id))

  const submit = () => {
    const content = state.composer.text.trim()
    const target = state.target
    if (content === "") return
    if (target === undefined) return dispatch({ _tag: "Notice", notice: "Choose a model first (ctrl+p)." })
    const editing = state.editing
    if (editing !== undefined && state.conversationId !== undefined) {
      dispatch({ _tag: "Truncate", keep: state.messages.findIndex((m) => m.seq === editing) })
      return stream.edit(state.conversationId, editing, content, target.providerId, target.modelId)
    }
    if (state.images.length > 0 && !target.vision)
      return dispatch({ _tag: "Notice", notice: visionless(target.modelId) })
    stream.send(content, {
      provider: target.providerId,
      model: target.modelId,
      messages: [
        {
          role: "user",
          content: [
            ...state.images.map((image) => ({
              type: "image" as const,
              source: { type: "base64" as const, mediaType: image.mediaType, data: image.base64 }
            })),
            { type: "text" as const, text: content }
          ]
        }
      ],
      // A new conversation keeps its settings; a stored one has them already.
      ...(state.conversationId === undefined ? state.settings : { conversationId: state.conversationId })
    })
  }

  /** The last user message answered again by the chosen model; what followed it goes. */
  const retry = () => {
    const target = state.target
    const lastAsked = state.messages.findLastIndex((m) => m.role === "user")
    if (state.conversationId === undefined || lastAsked === -1)
      return dispatch({ _tag: "Notice", notice: "Nothing to answer again yet: send a message first." })
    if (target === undefined) return dispatch({ _tag: "Notice", notice: "Choose a model first (ctrl+p)." })
    dispatch({ _tag: "Truncate", keep: lastAsked + 1 })
    stream.retry(state.conversationId, target.providerId, target.modelId)
  }

  const copy = (message: Shown) => {
    const copied = copyToClipboard(message.content)
    dispatch({
      _tag: "Notice",
      notice: copied
        ? `Copied ${plural(message.content.length, "character")} to the clipboard (OSC 52; in tmux: set-clipboard on)`
        : "Not copied: the output is not a terminal"
    })
  }

  const removeMessage = async (message: Shown) => {
    dispatch({ _tag: "CancelRemoveMessage" })
    const conversationId = state.conversationId
    if (conversationId === undefined || message.seq === undefined) return
    const outcome = await bridge.run(conversations((c) => c.removeMessage(conversationId, message.seq!)))
    if (!outcome.ok) return dispatch({ _tag: "Failed", problem: outcome.problem })
    await refresh(conversationId)
    dispatch({ _tag: "Notice", notice: "Deleted the message" })
  }

  /**
   * Saves the form: on the stored conversation, or kept for the next one it starts (checked by the same core schema
   * now, so a typo shows at its field rather than when sending). Returns the problem when it was refused.
   */
  const saveSettings = async (form: ConversationFormState): Promise<Problem | undefined> => {
    const patch = formPatch(form)
    const conversationId = state.conversationId
    if (conversationId === undefined) {
      const decoded = decodePatch(patch)
      if (Either.isLeft(decoded)) return problemOf(toInvalidInput(decoded.left))
      const { systemPrompt, temperature, maxTokens } = decoded.right
      dispatch({
        _tag: "Settings",
        settings: {
          ...(systemPrompt == null ? {} : { systemPrompt }),
          ...(temperature == null ? {} : { temperature }),
          ...(maxTokens == null ? {} : { maxTokens })
        }
      })
      dispatch({ _tag: "Notice", notice: "Settings kept for the conversation you start next" })
      return undefined
    }
    const outcome = await bridge.run(conversations((c) => c.update(conversationId, patch)))
    if (!outcome.ok) return outcome.problem
    await refresh(conversationId)
    dispatch({ _tag: "Notice", notice: `Saved the settings of “${outcome.value.title}”` })
    return undefined
  }

  /** Exports the conversation to a new file at `path` (JSON when it ends in .json); why not, when it could not. */
  const exportTo = async (path: string): Promise<string | undefined> => {
    const conversationId = state.conversationId
    if (conversationId === undefined) return "nothing to export yet: send a message first"
    const format = /\.json$/i.test(path.trim()) ? "json" : "markdown"
    const outcome = await bridge.run(conversations((c) => c.exportAs(conversationId, format)))
    if (!outcome.ok) return problemLine(outcome.problem)
    const written = await writeNewFile(path, outcome.value)
    if (!written.ok) return written.message
    dispatch({
      _tag: "Notice",
      notice: `Exported “${state.title}” as ${format === "json" ? "JSON" : "Markdown"} to ${written.value}`
    })
    return undefined
  }

  /** Attaches the image at `path` to the message being written; why not, when it cannot be. */
  const attach = async (path: string): Promise<string | undefined> => {
    if (state.target !== undefined && !state.target.vision) return visionless(state.target.modelId)
    const read = await readImage(path)
    if (!read.ok) return read.message
    dispatch({ _tag: "Attached", image: read.value })
    return undefined
  }

  const openHistory = async () => {
    const outcome = await bridge.run(chat((c) => c.listConversations))
    if (!outcome.ok) return dispatch({ _tag: "Failed", problem: outcome.problem })
    dispatch({ _tag: "OpenHistory", conversations: outcome.value })
  }

  const reopen = async (conversation: Conversation) => {
    const outcome = await bridge.run(chat((c) => c.getConversation(conversation.id)))
    if (!outcome.ok) return dispatch({ _tag: "Failed", problem: outcome.problem })
    const last = [...outcome.value.messages].reverse().find((m) => m.meta !== undefined)?.meta
    const providerId = last?.providerId ?? conversation.providerId
    const modelId = last?.modelId ?? conversation.modelId
    const target = state.choices?.find((c) => c.providerId === providerId && c.modelId === modelId)
    dispatch({ _tag: "Opened", conversation: outcome.value, target })
  }

  const removeConversation = async (conversation: Conversation) => {
    dispatch({ _tag: "CancelRemove" })
    const removed = await bridge.run(chat((c) => c.removeConversation(conversation.id)))
    if (!removed.ok) return dispatch({ _tag: "Failed", problem: removed.problem })
    if (state.conversationId === conversation.id) dispatch({ _tag: "New" })
    await openHistory()
    dispatch({ _tag: "Notice", notice: `Deleted “${conversation.title}”` })
  }

  return {
    submit,
    retry,
    cancel: stream.cancel,
    copy,
    removeMessage,
    saveSettings,
    exportTo,
    attach,
    refresh,
    openHistory,
    reopen,
    removeConversation
  }
}
