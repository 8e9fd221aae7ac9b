/**
 * The persistence port for conversations, so every frontend can list, reopen and continue the same chats. Messages
 * are append-only, and each message gets the next sequence number. A turn's messages are appended as one batch (one
 * transaction in SQLite): saved one at a time, 10,000 messages held the event loop for seconds.
 *
 * `layerMemory` is for tests; the embedded default is `ConversationStoreSqlite.layer`. Both pass the same behavioural
 * suite (`test/ConversationStoreSuite.ts`).
 */
import { Context, DateTime, Effect, Layer, Ref } from "effect"
import {
  type AnswerMeta,
  Conversation,
  ConversationId,
  ConversationMessage,
  ConversationWithMessages
} from "./domain/Conversation"
import { type ChatMessage, hasParts, type MessagePart, type Role, textOf } from "./domain/ChatRequest"
import { NotFound, type StorageError } from "./domain/Errors"

export interface NewConversation {
  readonly providerId: string
  readonly modelId: string
  readonly title: string
}

export interface NewMessage {
  readonly role: Role
  /** The message's text. */
  readonly content: string
  /** The whole message, when it is more than text (see `ConversationMessage.parts`). */
  readonly parts?: ReadonlyArray<MessagePart> | undefined
  readonly meta?: AnswerMeta | undefined
}

/** A message as the store keeps it: its text, and its parts when it has more than text. */
export const newMessage = (message: ChatMessage): NewMessage => ({
  role: message.role,
  content: textOf(message),
  ...(message.role === "tool" || hasParts(message) ? { parts: message.content as ReadonlyArray<MessagePart> } : {})
})

export interface ConversationStoreService {
  /** Starts an empty conversation with a fresh id. */
  readonly create: (input: NewConversation) => Effect.Effect<Conversation, StorageError>
  /** Adds a message at the end and moves the conversation to the top of the list. */
  readonly appendMessage: (
    id: string,
    message: NewMessage
  ) => Effect.Effect<ConversationMessage, NotFound | StorageError>
  /** Adds `messages` at the end in their order, all or none, and moves the conversation to the top of the list. */
  readonly appendMessages: (
    id: string,
    messages: ReadonlyArray<NewMessage>
  ) => Effect.Effect<ReadonlyArray<ConversationMessage>, NotFound | StorageError>
  /** Every conversation without its messages, most recently updated first. */
  readonly list: Effect.Effect<ReadonlyArray<Conversation>, StorageError>
  readonly get: (id: string) => Effect.Effect<ConversationWithMessages, NotFound | StorageError>
  /** Removes a conversation and its messages. */
  readonly remove: (id: string) => Effect.Effect<void, NotFound | StorageError>
}

export class ConversationStore extends Context.Tag("@switchboard/core/ConversationStore")<
  ConversationStore,
  ConversationStoreService
>() {}

/** A fresh, unguessable conversation id. */
export const newConversationId = (): ConversationId => ConversationId.make(crypto.randomUUID())

const notFound = (id: string) => new NotFound({ entity: "conversation", id })

/** `appendMessage` as a batch of one, so each store writes messages in one place. */
export const appendOne =
  <E>(
    appendMessages: (
      id: string,
      messages: ReadonlyArray<NewMessage>
    ) => Effect.Effect<ReadonlyArray<ConversationMessage>, E>
  ) =>
  (id: string, message: NewMessage): Effect.Effect<ConversationMessage, E> =>
    Effect.map(appendMessages(id, [message]), (appended) => appended[0]!)

/**
 * A stored message built from its input: `meta` only where there is one. Not validated again: its parts are typed
 * values, and checking each of a long turn's messages was most of the time it took to save them.
 */
export const storedMessage = (seq: number, input: NewMessage, createdAt: DateTime.Utc): ConversationMessage =>
  new ConversationMessage(
    {
      seq,
      role: input.role,
      content: input.content,
      ...(input.parts === undefined ? {} : { parts: input.parts }),
      ...(input.meta === undefined ? {} : { meta: input.meta }),
      createdAt
    },
    { disableValidation: true }
  )

/** Newest first; among equal times the later-created one first, so the order never depends on the storage. */
export const byRecency = (a: Conversation, b: Conversation): number =>
  DateTime.Order(b.updatedAt, a.updatedAt) || DateTime.Order(b.createdAt, a.createdAt)

/** An in-memory store with the same semantics as the SQLite one. */
export const makeMemory: Effect.Effect<ConversationStoreService> = Effect.gen(function* () {
  // Newest created last, so a stable sort by recency breaks remaining ties by creation order too.
  const state = yield* Ref.make<ReadonlyArray<ConversationWithMessages>>([])

  const create = Effect.fn("ConversationStore.create")(function* (input: NewConversation) {
    const now = yield* DateTime.now
    const conversation = new Conversation({ id: newConversationId(), ...input, createdAt: now, updatedAt: now })
    yield* Ref.update(state, (all) => [...all, new ConversationWithMessages({ ...conversation, messages: [] })])
    return conversation
  })

  const appendMessages = Effect.fn("ConversationStore.appendMessages")(function* (
    id: string,
    input: ReadonlyArray<NewMessage>
  ) {
    const now = yield* DateTime.now
    const appended = yield* Ref.modify(state, (all) => {
      const current = all.find((c) => c.id === id)
      if (current === undefined) return [undefined, all] as const
      const messages = input.map((message, i) => storedMessage(current.messages.length + 1 + i, message, now))
      const next = new ConversationWithMessages({
        ...current,
        updatedAt: now,
        messages: [...current.messages, ...messages]
      })
      return [messages, all.map((c) => (c.id === id ? next : c))] as const
    })
    if (appended === undefined) return yield* notFound(id)
    return appended
  })

  const list = Effect.map(Ref.get(state), (all) =>
    all
      .map(({ messages: _, ...fields }) => new Conversation(fields))
      .reverse()
      .sort(byRecency)
  )

  const get = Effect.fn("ConversationStore.get")(function* (id: string) {
    const found = (yield* Ref.get(state)).find((c) => c.id === id)
    if (found === undefined) return yield* notFound(id)
    return found
  })

  const remove = Effect.fn("ConversationStore.remove")(function* (id: string) {
    const removed = yield* Ref.modify(state, (all) =>
      all.some((c) => c.id === id) ? ([true, all.filter((c) => c.id !== id)] as const) : ([false, all] as const)
    )
    if (!removed) return yield* notFound(id)
  })

  return ConversationStore.of({
    create,
    appendMessage: appendOne(appendMessages),
    appendMessages,
    list,
    get,
    remove
  })
})

export const layerMemory: Layer.Layer<ConversationStore> = Layer.effect(ConversationStore, makeMemory)
