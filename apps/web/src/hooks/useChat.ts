/**
 * The chat page's state: the server's conversation list, the conversation being shown, and the stream of the answer
 * being written. The server keeps the history (a turn sends only its new message plus the conversation id). Stop
 * aborts the fetch itself — the browser closes the connection, the server interrupts the answer, and the upstream
 * request is aborted — rather than merely hiding further text.
 */
import { useCallback, useEffect, useRef, useState } from "react"
import { describeError } from "../api/ApiError"
import { api, streamChat } from "../api/client"
import type { ConversationSummary } from "../api/types"
import { type AnswerMeta, type Message, toMessages } from "./conversations"

export interface Current {
  /** Absent until the server has started the conversation. */
  readonly id: string | undefined
  readonly providerId?: string
  readonly modelId?: string
  readonly messages: ReadonlyArray<Message>
}

export interface ChatState {
  readonly conversations: ReadonlyArray<ConversationSummary>
  readonly current: Current
  readonly streaming: boolean
  /** A failure to list, open or delete conversations (a failed answer shows under the answer instead). */
  readonly error: unknown
  readonly select: (id: string | undefined) => void
  readonly remove: (id: string) => void
  readonly send: (providerId: string, modelId: string, text: string) => void
  readonly stop: () => void
}

const empty: Current = { id: undefined, messages: [] }

export const useChat = (): ChatState => {
  const [conversations, setConversations] = useState<ReadonlyArray<ConversationSummary>>([])
  const [current, setCurrent] = useState<Current>(empty)
  const [streaming, setStreaming] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  const controller = useRef<AbortController | undefined>(undefined)
  const opening = useRef<AbortController | undefined>(undefined)

  const refresh = useCallback(() => {
    api.conversations.list().then(setConversations, setError)
  }, [])

  useEffect(() => {
    refresh()
    // Leaving the page stops the answer, so no stream runs on with nobody reading it.
    return () => {
      controller.current?.abort()
      opening.current?.abort()
    }
  }, [refresh])

  const select = useCallback((id: string | undefined) => {
    opening.current?.abort()
    setError(undefined)
    if (id === undefined) {
      setCurrent(empty)
      return
    }
    const abort = new AbortController()
    opening.current = abort
    api.conversations.get(id, abort.signal).then(
      (detail) =>
        setCurrent({
          id: detail.id,
          providerId: detail.providerId,
          modelId: detail.modelId,
          messages: toMessages(detail)
        }),
      (cause: unknown) => {
        if (!abort.signal.aborted) setError(cause)
      }
    )
  }, [])

  const remove = useCallback((id: string) => {
    setError(undefined)
    api.conversations.remove(id).then(
      () => {
        setConversations((list) => list.filter((c) => c.id !== id))
        setCurrent((c) => (c.id === id ? empty : c))
      },
      (cause: unknown) => setError(cause)
    )
  }, [])

  const patchAnswer = useCallback((change: (m: Message) => Message) => {
    setCurrent((c) => {
      const last = c.messages.at(-1)
      if (last === undefined || last.role !== "assistant") return c
      return { ...c, messages: [...c.messages.slice(0, -1), change(last)] }
    })
  }, [])

  const send = useCallback(
    (providerId: string, modelId: string, text: string) => {
      if (controller.current !== undefined) return
      const conversationId = current.id
      setCurrent((c) => ({
        ...c,
        providerId,
        modelId,
        messages: [...c.messages, { role: "user", content: text }, { role: "assistant", content: "", model: modelId }]
      }))
      const abort = new AbortController()
      controller.current = abort
      setStreaming(true)

      void (async () => {
        // Deltas arrive far faster than a screen refreshes: collect them and paint once per frame.
        let answer = ""
        let reasoning = ""
        let meta: AnswerMeta = {}
        let frame: number | undefined
        const flush = () => {
          frame = undefined
          const snapshot = { answer, reasoning, meta }
          patchAnswer((m) => ({
            ...m,
            content: snapshot.answer,
            ...(snapshot.reasoning === "" ? {} : { reasoning: snapshot.reasoning }),
            meta: snapshot.meta
          }))
        }
        const request = {
          provider: providerId,
          model: modelId,
          messages: [{ role: "user" as const, content: text }],
          ...(conversationId === undefined ? {} : { conversationId })
        }
        try {
          for await (const event of streamChat(request, abort.signal)) {
            if (event.type === "start") setCurrent((c) => ({ ...c, id: event.conversationId }))
            else if (event.type === "delta") answer += event.text
            else if (event.type === "reasoning") reasoning += event.text
            else if (event.type === "usage")
              meta = { ...meta, inputTokens: event.inputTokens, outputTokens: event.outputTokens }
            else if (event.type === "done")
              meta = {
                ...meta,
                ...event.usage,
                finishReason: event.finishReason,
                ...(event.timing ? { timing: event.timing } : {})
              }
            else if (event.type === "error") meta = { ...meta, error: event.error.message }
            frame ??= requestAnimationFrame(flush)
          }
          if (abort.signal.aborted) meta = { ...meta, stopped: true }
        } catch (cause) {
          meta = abort.signal.aborted ? { ...meta, stopped: true } : { ...meta, error: describeError(cause) }
        } finally {
          if (frame !== undefined) cancelAnimationFrame(frame)
          flush()
          controller.current = undefined
          setStreaming(false)
          // The server saved the turn (and titled a new conversation): show it in the list.
          refresh()
        }
      })()
    },
    [current.id, patchAnswer, refresh]
  )

  const stop = useCallback(() => controller.current?.abort(), [])

  return { conversations, current, streaming, error, select, remove, send, stop }
}
