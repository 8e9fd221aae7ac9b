/**
 * The chat page's state: the server's conversation list, the conversation being shown, the stream of the answer
 * being written, and the unsent draft of each conversation. The app holds it above its pages, so an answer keeps
 * streaming and a draft stays while another page is shown. The server keeps the history (a turn sends only its new
 * message plus the conversation id). Stop aborts the fetch itself — the browser closes the connection, the server
 * interrupts the answer, and the upstream request is aborted — rather than merely hiding further text.
 */
import { useCallback, useEffect, useRef, useState } from "react"
import { describeError } from "../api/ApiError"
import { api, streamChat } from "../api/client"
import type { ConversationSummary } from "../api/types"
import { type Attachment, dataUrl } from "../lib/images"
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
  /** The unsent text and images of the conversation shown. */
  readonly draft: Draft
  readonly setDraft: (draft: Draft) => void
  /** Reads the list again: the TUI and the API share it, so the page does this each time it is shown. */
  readonly refresh: () => void
  readonly select: (id: string | undefined) => void
  readonly remove: (id: string) => void
  readonly send: (providerId: string, modelId: string, draft: Draft) => void
  readonly stop: () => void
}

const empty: Current = { id: undefined, messages: [] }

/** What is typed (and attached) but not sent yet. */
export interface Draft {
  readonly text: string
  readonly images: ReadonlyArray<Attachment>
}

export const emptyDraft: Draft = { text: "", images: [] }

/** Drafts are kept per conversation; a chat not started yet has this key. */
const newChat = "new"

export const useChat = (): ChatState => {
  const [conversations, setConversations] = useState<ReadonlyArray<ConversationSummary>>([])
  const [current, setCurrent] = useState<Current>(empty)
  const [streaming, setStreaming] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  const [drafts, setDrafts] = useState<Readonly<Record<string, Draft>>>({})
  const controller = useRef<AbortController | undefined>(undefined)
  const opening = useRef<AbortController | undefined>(undefined)

  const refresh = useCallback(() => {
    api.conversations.list().then(setConversations, setError)
  }, [])

  useEffect(
    // Only leaving the app stops the answer; another page leaves it streaming.
    () => () => {
      controller.current?.abort()
      opening.current?.abort()
    },
    []
  )

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
    (providerId: string, modelId: string, { text, images }: Draft) => {
      if (controller.current !== undefined) return
      const conversationId = current.id
      const question: Message = {
        role: "user",
        content: text,
        ...(images.length === 0 ? {} : { images: images.map(dataUrl) })
      }
      setCurrent((c) => ({
        ...c,
        providerId,
        modelId,
        messages: [...c.messages, question, { role: "assistant", content: "", model: modelId }]
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
          messages: [
            {
              role: "user" as const,
              // Plain text stays a string; images go as the core's neutral image parts after it.
              content:
                images.length === 0
                  ? text
                  : [
                      ...(text === "" ? [] : [{ type: "text" as const, text }]),
                      ...images.map((image) => ({
                        type: "image" as const,
                        source: { type: "base64" as const, mediaType: image.mediaType, data: image.data }
                      }))
                    ]
            }
          ],
          ...(conversationId === undefined ? {} : { conversationId })
        }
        try {
          for await (const event of streamChat(request, abort.signal)) {
            if (event.type === "start") {
              setCurrent((c) => ({ ...c, id: event.conversationId }))
              // What was typed into the new chat while it started belongs to the conversation it became.
              if (conversationId === undefined)
                setDrafts(({ [newChat]: typed = emptyDraft, ...rest }) => ({ ...rest, [event.conversationId]: typed }))
            } else if (event.type === "delta") answer += event.text
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
  const draftKey = current.id ?? newChat
  const setDraft = useCallback((draft: Draft) => setDrafts((d) => ({ ...d, [draftKey]: draft })), [draftKey])

  return {
    conversations,
    current,
    streaming,
    error,
    draft: drafts[draftKey] ?? emptyDraft,
    setDraft,
    refresh,
    select,
    remove,
    send,
    stop
  }
}
