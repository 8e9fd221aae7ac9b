/**
 * The chat page's state: conversations, the one being shown, and the stream of the answer being written. Stop aborts
 * the fetch itself — the browser closes the connection, the server cancels its fiber, and the upstream request is
 * aborted — rather than merely hiding further text.
 */
import { useCallback, useEffect, useRef, useState } from "react"
import { describeError } from "../api/ApiError"
import { streamChat } from "../api/client"
import type { ChatMessage } from "../api/types"
import {
  type AnswerMeta,
  type Conversation,
  loadConversations,
  type Message,
  newId,
  saveConversations,
  titleOf
} from "./conversations"

export interface ChatState {
  readonly conversations: ReadonlyArray<Conversation>
  readonly current: Conversation | undefined
  readonly streaming: boolean
  readonly select: (id: string | undefined) => void
  readonly remove: (id: string) => void
  readonly send: (providerId: string, modelId: string, text: string) => void
  readonly stop: () => void
}

export const useChat = (): ChatState => {
  const [conversations, setConversations] = useState<ReadonlyArray<Conversation>>(loadConversations)
  const [currentId, setCurrentId] = useState<string | undefined>(undefined)
  const [streaming, setStreaming] = useState(false)
  const controller = useRef<AbortController | undefined>(undefined)

  useEffect(() => saveConversations(conversations), [conversations])
  // Leaving the page stops the answer, so no stream runs on with nobody reading it.
  useEffect(() => () => controller.current?.abort(), [])

  const update = useCallback((id: string, change: (c: Conversation) => Conversation) => {
    setConversations((list) => {
      const found = list.find((c) => c.id === id)
      if (found === undefined) return list
      const next = change(found)
      return [next, ...list.filter((c) => c.id !== id)]
    })
  }, [])

  const patchAnswer = useCallback(
    (id: string, change: (m: Message) => Message) =>
      update(id, (c) => {
        const last = c.messages.at(-1)
        if (last === undefined || last.role !== "assistant") return c
        return { ...c, messages: [...c.messages.slice(0, -1), change(last)], updatedAt: Date.now() }
      }),
    [update]
  )

  const send = useCallback(
    (providerId: string, modelId: string, text: string) => {
      if (controller.current !== undefined) return
      const existing = conversations.find((c) => c.id === currentId)
      const id = existing?.id ?? newId()
      const history: ReadonlyArray<Message> = [...(existing?.messages ?? []), { role: "user", content: text }]
      const conversation: Conversation = {
        id,
        title: existing?.title ?? titleOf(text),
        providerId,
        modelId,
        messages: [...history, { role: "assistant", content: "", model: modelId }],
        updatedAt: Date.now()
      }
      setConversations((list) => [conversation, ...list.filter((c) => c.id !== id)])
      setCurrentId(id)

      const abort = new AbortController()
      controller.current = abort
      setStreaming(true)
      // Earlier answers that failed or are empty are left out: the model should see the real dialogue only.
      const messages: ReadonlyArray<ChatMessage> = history
        .filter((m) => m.content !== "")
        .map((m) => ({ role: m.role, content: m.content }))

      void (async () => {
        // Deltas arrive far faster than a screen refreshes: collect them and paint once per frame.
        let text = ""
        let reasoning = ""
        let meta: AnswerMeta = {}
        let frame: number | undefined
        const flush = () => {
          frame = undefined
          const snapshot = { text, reasoning, meta }
          patchAnswer(id, (m) => ({
            ...m,
            content: snapshot.text,
            ...(snapshot.reasoning === "" ? {} : { reasoning: snapshot.reasoning }),
            meta: snapshot.meta
          }))
        }
        const schedule = () => {
          frame ??= requestAnimationFrame(flush)
        }
        try {
          for await (const event of streamChat({ provider: providerId, model: modelId, messages }, abort.signal)) {
            if (event.type === "delta") text += event.text
            else if (event.type === "reasoning") reasoning += event.text
            else if (event.type === "usage")
              meta = { ...meta, inputTokens: event.inputTokens, outputTokens: event.outputTokens }
            else if (event.type === "done")
              meta = { ...meta, finishReason: event.finishReason, ...(event.timing ? { timing: event.timing } : {}) }
            else if (event.type === "error") meta = { ...meta, error: event.error.message }
            schedule()
          }
        } catch (cause) {
          meta = abort.signal.aborted ? { ...meta, stopped: true } : { ...meta, error: describeError(cause) }
        } finally {
          if (frame !== undefined) cancelAnimationFrame(frame)
          flush()
          controller.current = undefined
          setStreaming(false)
        }
      })()
    },
    [conversations, currentId, patchAnswer]
  )

  const stop = useCallback(() => controller.current?.abort(), [])
  const remove = useCallback((id: string) => {
    setConversations((list) => list.filter((c) => c.id !== id))
    setCurrentId((current) => (current === id ? undefined : current))
  }, [])

  return {
    conversations,
    current: conversations.find((c) => c.id === currentId),
    streaming,
    select: setCurrentId,
    remove,
    send,
    stop
  }
}
