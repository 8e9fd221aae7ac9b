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
  type ConversationSettings,
  ConversationWithMessages
} from "./domain/Conversation"
import { type ChatMessage, hasParts, type MessagePart, type Role, textOf } from "./domain/ChatRequest"
import { NotFound, type StorageError } from "./domain/Errors"

export interface NewConversation extends ConversationSettings {
  readonly providerId: string
  readonly modelId: string
  readonly title: string
}

/** What `update` changes: a field left out stays; a setting set to `undefined` is removed. */
export type ConversationChanges = Partial<{ readonly title: string } & ConversationSettings>

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
  /** Renames it or changes its settings; its place in the list (the time of its last message) stays. */
  readonly update: (id: string, changes: ConversationChanges) => Effect.Effect<Conversation, NotFound | StorageError>
  /** Removes one message; the others keep their numbers. */
  readonly removeMessage: (id: string, seq: number) => Effect.Effect<void, NotFound | StorageError>
  /**
   * Removes the messages from `fromSeq` on and appends `messages` after what is left, all or nothing (retry and
   * edit-and-resend); gives the conversation as it then is.
   */
  readonly replaceFrom: (
    id: string,
    fromSeq: number,
    messages: ReadonlyArray<NewMessage>
  ) => Effect.Effect<ConversationWithMessages, NotFound | StorageError>
  /**
   * The conversations whose title or any message's text contains `query`, ignoring the case of ASCII letters, most
   * recently updated first, without their messages.
   */
  readonly search: (query: string) => Effect.Effect<ReadonlyArray<Conversation>, StorageError>
}

export class ConversationStore extends Context.Tag("@switchboard/core/ConversationStore")<
  ConversationStore,
  ConversationStoreService
>() {}

/** A fresh, unguessable conversation id. */
export const newConversationId = (): ConversationId => ConversationId.make(crypto.randomUUID())

const notFound = (id: string) => new NotFound({ entity: "conversation", id })

/** Message `seq` of conversation `id`, as a `NotFound` names it. */
export const messageNotFound = (id: string, seq: number) => new NotFound({ entity: "message", id: `${id}#${seq}` })

/** `conversation` with `changes` applied: `undefined` removes a setting, an absent field keeps it. */
export const applyChanges = (conversation: Conversation, changes: ConversationChanges): Conversation => {
  const fields: Record<string, unknown> = { ...conversation }
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete fields[key]
    else fields[key] = value
  }
  return new Conversation(fields as ConstructorParameters<typeof Conversation>[0])
}

/** Lowercases ASCII letters only, as SQLite's `LIKE` compares, so every store finds the same conversations. */
export const asciiLower = (text: string): string => text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase())

/** The sequence number after the last message (1 for none). */
const nextSeq = (messages: ReadonlyArray<ConversationMessage>) => (messages.at(-1)?.seq ?? 0) + 1

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
      const messages = input.map((message, i) => storedMessage(nextSeq(current.messages) + i, message, now))
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

  /** `all` without their messages, most recent first. */
  const listed = (all: ReadonlyArray<ConversationWithMessages>) =>
    all
      .map(({ messages: _, ...fields }) => new Conversation(fields))
      .reverse()
      .sort(byRecency)

  const list = Effect.map(Ref.get(state), listed)

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

  /** Replaces conversation `id` by what `change` makes of it, or fails with `NotFound` (or `change`'s error). */
  const modify = (
    id: string,
    change: (current: ConversationWithMessages) => ConversationWithMessages | NotFound
  ): Effect.Effect<ConversationWithMessages, NotFound> =>
    Effect.flatten(
      Ref.modify(
        state,
        (
          all
        ): readonly [Effect.Effect<ConversationWithMessages, NotFound>, ReadonlyArray<ConversationWithMessages>] => {
          const current = all.find((c) => c.id === id)
          const next = current === undefined ? notFound(id) : change(current)
          if (next instanceof NotFound) return [Effect.fail(next), all]
          return [Effect.succeed(next), all.map((c) => (c.id === id ? next : c))]
        }
      )
    )

  const update = Effect.fn("ConversationStore.update")(function* (id: string, changes: ConversationChanges) {
    const { messages: _, ...fields } = yield* modify(
      id,
      (current) => new ConversationWithMessages({ ...applyChanges(current, changes), messages: current.messages })
    )
    return new Conversation(fields)
  })

  const removeMessage = Effect.fn("ConversationStore.removeMessage")(function* (id: string, seq: number) {
    yield* modify(id, (current) =>
      current.messages.some((m) => m.seq === seq)
        ? new ConversationWithMessages({ ...current, messages: current.messages.filter((m) => m.seq !== seq) })
        : messageNotFound(id, seq)
    )
  })

  const replaceFrom = Effect.fn("ConversationStore.replaceFrom")(function* (
    id: string,
    fromSeq: number,
    input: ReadonlyArray<NewMessage>
  ) {
    const now = yield* DateTime.now
    return yield* modify(id, (current) => {
      const kept = current.messages.filter((m) => m.seq < fromSeq)
      const added = input.map((message, i) => storedMessage(nextSeq(kept) + i, message, now))
      return new ConversationWithMessages({ ...current, updatedAt: now, messages: [...kept, ...added] })
    })
  })

  const search = (query: string) =>
    Effect.map(Ref.get(state), (all) => {
      const needle = asciiLower(query)
      return listed(
        all.filter(
          (c) => asciiLower(c.title).includes(needle) || c.messages.some((m) => asciiLower(m.content).includes(needle))
        )
      )
    })

  return ConversationStore.of({
    create,
    appendMessage: appendOne(appendMessages),
    appendMessages,
    list,
    get,
    remove,
    update,
    removeMessage,
    replaceFrom,
    search
  })
})

export const layerMemory: Layer.Layer<ConversationStore> = Layer.effect(ConversationStore, makeMemory)
