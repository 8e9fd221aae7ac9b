/**
 * Conversations as the chat page keeps them: in this browser's localStorage (chat text only — never a key or the
 * token), newest first. Pure functions, so the chat hook stays about streaming.
 */
import type { Timing } from "../api/types"

export interface AnswerMeta {
  readonly inputTokens?: number
  readonly outputTokens?: number
  readonly timing?: Timing
  readonly finishReason?: string
  /** Stopped by the user before the end. */
  readonly stopped?: boolean
  readonly error?: string
}

export interface Message {
  readonly role: "user" | "assistant"
  readonly content: string
  readonly reasoning?: string
  readonly meta?: AnswerMeta
  /** The model that wrote an answer, shown under it. */
  readonly model?: string
}

export interface Conversation {
  readonly id: string
  readonly title: string
  readonly providerId: string
  readonly modelId: string
  readonly messages: ReadonlyArray<Message>
  readonly updatedAt: number
}

const storageKey = "switchboard.conversations"
const maxConversations = 100

export const loadConversations = (): ReadonlyArray<Conversation> => {
  try {
    const raw = globalThis.localStorage?.getItem(storageKey)
    const parsed: unknown = raw ? JSON.parse(raw) : []
    return Array.isArray(parsed) ? (parsed as ReadonlyArray<Conversation>) : []
  } catch {
    // A corrupt or blocked store must not break the chat page: start empty.
    return []
  }
}

export const saveConversations = (conversations: ReadonlyArray<Conversation>): void => {
  try {
    globalThis.localStorage?.setItem(storageKey, JSON.stringify(conversations.slice(0, maxConversations)))
  } catch {
    // Quota full or storage blocked: the conversation still lives in memory for this page.
  }
}

/** The first line of the first question, cut to fit the side list. */
export const titleOf = (text: string): string => {
  const line = text.trim().split("\n")[0] ?? ""
  return line.length > 48 ? `${line.slice(0, 47)}…` : line || "New chat"
}

export const newId = (): string =>
  globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
