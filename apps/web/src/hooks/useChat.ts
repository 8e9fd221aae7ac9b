/**
 * The chat page's state: the server's conversation list (searchable), the conversation being shown with its
 * settings, the stream of the answer being written, and the unsent draft of each conversation. The app holds it above
 * its pages, so an answer keeps streaming and a draft stays while another page is shown. The server keeps the history
 * (a turn sends only its new message plus the conversation id); retry and edit-and-resend have the server cut the
 * history back and answer again, and once an answer ends the conversation is read back, so every message has the
 * server's number. Stop aborts the fetch itself — the browser closes the connection, the server interrupts the
 * answer, and the upstream request is aborted — rather than merely hiding further text.
 */
import { useCallback, useEffect, useRef, useState } from "react"
import { type AnswerRequest, api, streamAnswer } from "../api/client"
import type { ConversationDetail, ConversationSettings, ConversationSummary } from "../api/types"
import { type Attachment, dataUrl } from "../lib/images"
import { type Message, toMessages } from "./conversations"
import { readAnswer } from "./readAnswer"

export interface Current {
  /** Absent until the server has started the conversation. */
  readonly id: string | undefined
  readonly title?: string
  readonly providerId?: string
  readonly modelId?: string
  /** Sent with every turn; a new chat's are kept here and go with its first message. */
  readonly settings: ConversationSettings
  readonly messages: ReadonlyArray<Message>
}

/** The provider and model an answer is asked of. */
export interface Target {
  readonly providerId: string
  readonly modelId: string
}

/** What is typed (and attached) but not sent yet. */
export interface Draft {
  readonly text: string
  readonly images: ReadonlyArray<Attachment>
}

export const emptyDraft: Draft = { text: "", images: [] }

export interface ChatState {
  readonly conversations: ReadonlyArray<ConversationSummary>
  /** The search the list is filtered by ("" for all). */
  readonly query: string
  readonly current: Current
  readonly streaming: boolean
  /** A failure to list, open, change or delete conversations (a failed answer shows under the answer instead). */
  readonly error: unknown
  /** The unsent text and images of the conversation shown. */
  readonly draft: Draft
  readonly setDraft: (draft: Draft) => void
  /** Reads the list again: the TUI and the API share it, so the page does this each time it is shown. */
  readonly refresh: () => void
  readonly search: (query: string) => void
  readonly select: (id: string | undefined) => void
  readonly remove: (id: string) => void
  readonly send: (target: Target, draft: Draft) => void
  /** Answers the last question again (also after a failed answer). */
  readonly retry: (target: Target) => void
  /** Message `seq` (a question) becomes `text`; what followed it goes, and the model answers again. */
  readonly edit: (seq: number, text: string, target: Target) => void
  readonly removeMessage: (seq: number) => void
  /** Resolve once the server has the change; reject with its refusal. */
  readonly rename: (title: string) => Promise<void>
  readonly saveSettings: (settings: ConversationSettings) => Promise<void>
  readonly stop: () => void
}

const empty: Current = { id: undefined, settings: {}, messages: [] }

/** Drafts are kept per conversation; a chat not started yet has this key. */
const newChat = "new"

const settingsOf = (c: ConversationSettings): ConversationSettings => ({
  ...(c.systemPrompt === undefined ? {} : { systemPrompt: c.systemPrompt }),
  ...(c.temperature === undefined ? {} : { temperature: c.temperature }),
  ...(c.maxTokens === undefined ? {} : { maxTokens: c.maxTokens })
})

const fromDetail = (detail: ConversationDetail): Current => ({
  id: detail.id,
  title: detail.title,
  providerId: detail.providerId,
  modelId: detail.modelId,
  settings: settingsOf(detail),
  messages: toMessages(detail)
})

/** A target as the retry and edit routes name it. */
const targetBody = (target: Target) => ({ provider: target.providerId, model: target.modelId })

/** The index of the last question, or -1. */
const lastQuestion = (messages: ReadonlyArray<Message>) => messages.findLastIndex((m) => m.role === "user")

export const useChat = (): ChatState => {
  const [conversations, setConversations] = useState<ReadonlyArray<ConversationSummary>>([])
  const [query, setQuery] = useState("")
  const [current, setCurrent] = useState<Current>(empty)
  const currentRef = useRef(current)
  currentRef.current = current
  const [streaming, setStreaming] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  const [drafts, setDrafts] = useState<Readonly<Record<string, Draft>>>({})
  const controller = useRef<AbortController | undefined>(undefined)
  const opening = useRef<AbortController | undefined>(undefined)
  const listing = useRef<AbortController | undefined>(undefined)
  const queryRef = useRef(query)
  queryRef.current = query

  const list = useCallback((q: string) => {
    listing.current?.abort()
    const abort = new AbortController()
    listing.current = abort
    api.conversations.list(q.trim(), abort.signal).then(setConversations, (cause: unknown) => {
      if (!abort.signal.aborted) setError(cause)
    })
  }, [])
  const refresh = useCallback(() => list(queryRef.current), [list])
  const typing = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const search = useCallback(
    (q: string) => {
      setQuery(q)
      // One request once the typing pauses, not one per keystroke.
      clearTimeout(typing.current)
      typing.current = setTimeout(() => list(q), 250)
    },
    [list]
  )

  useEffect(
    // Only leaving the app stops the answer; another page leaves it streaming.
    () => () => {
      controller.current?.abort()
      opening.current?.abort()
      listing.current?.abort()
      clearTimeout(typing.current)
    },
    []
  )

  const select = useCallback((id: string | undefined) => {
    setError(undefined)
    opening.current?.abort()
    if (id === undefined) {
      setCurrent(empty)
      return
    }
    const abort = new AbortController()
    opening.current = abort
    api.conversations.get(id, abort.signal).then(
      (detail) => setCurrent(fromDetail(detail)),
      (cause: unknown) => {
        if (!abort.signal.aborted) setError(cause)
      }
    )
  }, [])

  /**
   * Shows conversation `id` as the server saved it once an answer ended, for the messages' numbers. The server saves a
   * stopped answer a moment after the connection closes, so a copy with fewer messages than shown is not taken: it is
   * asked for again a little later, a few times, and what is shown stays meanwhile (and for good, if never saved).
   */
  const readBack = useCallback((id: string, tries = 4): void => {
    api.conversations.get(id).then(
      (detail) => {
        const shown = currentRef.current
        if (shown.id !== id) return
        const saved = fromDetail(detail)
        if (saved.messages.length >= shown.messages.length) setCurrent(saved)
        else if (tries > 1) setTimeout(() => readBack(id, tries - 1), 500)
      },
      // The answer is shown already; only its numbers are missing, so actions on it wait for the next read.
      () => undefined
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

  /**
   * Streams the answer to `request` after `before` has made the messages it answers (the question added, or the
   * history cut back), then reads the conversation back from the server.
   */
  const answer = useCallback(
    (request: AnswerRequest, target: Target, before: (messages: ReadonlyArray<Message>) => ReadonlyArray<Message>) => {
      if (controller.current !== undefined) return
      const startedIn = current.id
      setError(undefined)
      setCurrent((c) => ({
        ...c,
        providerId: target.providerId,
        modelId: target.modelId,
        messages: [...before(c.messages), { role: "assistant", content: "", model: target.modelId }]
      }))
      const abort = new AbortController()
      controller.current = abort
      setStreaming(true)
      let conversationId = startedIn
      void readAnswer(streamAnswer(request, abort.signal), abort.signal, {
        onStart: (id) => {
          conversationId = id
          setCurrent((c) => ({ ...c, id }))
          // What was typed into the new chat while it started belongs to the conversation it became.
          if (startedIn === undefined)
            setDrafts(({ [newChat]: typed = emptyDraft, ...rest }) => ({ ...rest, [id]: typed }))
        },
        onPatch: (change) =>
          setCurrent((c) => {
            const last = c.messages.at(-1)
            if (last === undefined || last.role !== "assistant") return c
            return { ...c, messages: [...c.messages.slice(0, -1), change(last)] }
          })
      }).finally(() => {
        controller.current = undefined
        setStreaming(false)
        // The server saved the turn (and titled a new conversation): show it in the list, with its numbers.
        refresh()
        if (conversationId !== undefined) readBack(conversationId)
      })
    },
    [current.id, refresh, readBack]
  )

  const send = useCallback(
    (target: Target, { text, images }: Draft) => {
      const question: Message = {
        role: "user",
        content: text,
        ...(images.length === 0 ? {} : { images: images.map(dataUrl) })
      }
      // Plain text stays a string; images go as the core's neutral image parts after it.
      const content =
        images.length === 0
          ? text
          : [
              ...(text === "" ? [] : [{ type: "text" as const, text }]),
              ...images.map((image) => ({
                type: "image" as const,
                source: { type: "base64" as const, mediaType: image.mediaType, data: image.data }
              }))
            ]
      const body = {
        provider: target.providerId,
        model: target.modelId,
        messages: [{ role: "user" as const, content }],
        // A new conversation keeps the settings it starts with; a stored one has its own.
        ...(current.id === undefined ? current.settings : { conversationId: current.id })
      }
      answer({ kind: "chat", body }, target, (messages) => [...messages, question])
    },
    [answer, current.id, current.settings]
  )

  const retry = useCallback(
    (target: Target) => {
      if (current.id === undefined) return
      answer({ kind: "retry", conversationId: current.id, body: targetBody(target) }, target, (messages) =>
        messages.slice(0, lastQuestion(messages) + 1)
      )
    },
    [answer, current.id]
  )

  const edit = useCallback(
    (seq: number, text: string, target: Target) => {
      if (current.id === undefined) return
      answer(
        { kind: "edit", conversationId: current.id, body: { ...targetBody(target), seq, content: text } },
        target,
        (messages) => [
          ...messages.slice(
            0,
            messages.findIndex((m) => m.seq === seq)
          ),
          { role: "user", content: text }
        ]
      )
    },
    [answer, current.id]
  )

  const removeMessage = useCallback(
    (seq: number) => {
      const id = current.id
      if (id === undefined) return
      setError(undefined)
      api.conversations.removeMessage(id, seq).then(
        () => setCurrent((c) => (c.id === id ? { ...c, messages: c.messages.filter((m) => m.seq !== seq) } : c)),
        (cause: unknown) => setError(cause)
      )
    },
    [current.id]
  )

  /** Applies a conversation the server changed to the list and, if shown, to the page. */
  const changed = useCallback((summary: ConversationSummary) => {
    setConversations((list) => list.map((c) => (c.id === summary.id ? summary : c)))
    setCurrent((c) => (c.id === summary.id ? { ...c, title: summary.title, settings: settingsOf(summary) } : c))
  }, [])

  const rename = useCallback(
    async (title: string) => {
      if (current.id !== undefined) changed(await api.conversations.update(current.id, { title }))
    },
    [changed, current.id]
  )

  const saveSettings = useCallback(
    async (settings: ConversationSettings) => {
      if (current.id === undefined) {
        setCurrent((c) => ({ ...c, settings: settingsOf(settings) }))
        return
      }
      // A setting left empty is removed, so the model's default applies again.
      changed(
        await api.conversations.update(current.id, {
          systemPrompt: settings.systemPrompt ?? null,
          temperature: settings.temperature ?? null,
          maxTokens: settings.maxTokens ?? null
        })
      )
    },
    [changed, current.id]
  )

  const stop = useCallback(() => controller.current?.abort(), [])
  const draftKey = current.id ?? newChat
  const setDraft = useCallback((draft: Draft) => setDrafts((d) => ({ ...d, [draftKey]: draft })), [draftKey])

  return {
    conversations,
    query,
    current,
    streaming,
    error,
    draft: drafts[draftKey] ?? emptyDraft,
    setDraft,
    refresh,
    search,
    select,
    remove,
    send,
    retry,
    edit,
    removeMessage,
    rename,
    saveSettings,
    stop
  }
}
