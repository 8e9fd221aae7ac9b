/**
 * Saved conversations as every frontend manages them: list or search, read, rename and change the settings their
 * turns use, delete one message or the whole conversation, export as Markdown or JSON. Answering again (retry,
 * edit and resend) streams, so it is `Chat`'s. Input is decoded here once, so every frontend gets the same errors.
 */
import { Context, Effect, Layer } from "effect"
import { ConversationStore } from "./ConversationStore"
import type { Conversation, ConversationWithMessages } from "./domain/Conversation"
import { exportConversation } from "./domain/ConversationExport"
import { ConversationPatch, ExportFormat, SearchQuery } from "./domain/ConversationInput"
import type { InvalidInput, NotFound, StorageError } from "./domain/Errors"
import { decodeInput } from "./domain/ProviderInput"

export interface ConversationsService {
  /** Most recently updated first, without messages; with `query`, those whose title or text contains it. */
  readonly list: (options?: {
    readonly query?: string
  }) => Effect.Effect<ReadonlyArray<Conversation>, InvalidInput | StorageError>
  readonly get: (id: string) => Effect.Effect<ConversationWithMessages, NotFound | StorageError>
  /** Applies a `ConversationPatch`: a new title, settings (`null` removes one); later turns use them. */
  readonly update: (
    id: string,
    patch: ConversationPatch
  ) => Effect.Effect<Conversation, InvalidInput | NotFound | StorageError>
  readonly remove: (id: string) => Effect.Effect<void, NotFound | StorageError>
  /** Deletes message `seq`; the others keep their numbers. */
  readonly removeMessage: (id: string, seq: number) => Effect.Effect<void, NotFound | StorageError>
  /** The conversation as a Markdown or JSON document (`ConversationExport`). */
  readonly exportAs: (id: string, format: ExportFormat) => Effect.Effect<string, InvalidInput | NotFound | StorageError>
}

export class Conversations extends Context.Tag("@switchboard/core/Conversations")<
  Conversations,
  ConversationsService
>() {}

export const make = Effect.gen(function* () {
  const store = yield* ConversationStore

  const list = Effect.fn("Conversations.list")(function* (options?: { readonly query?: string }) {
    if (options?.query === undefined) return yield* store.list
    return yield* store.search(yield* decodeInput(SearchQuery, "q")(options.query))
  })

  const update = Effect.fn("Conversations.update")(function* (id: string, input: ConversationPatch) {
    const patch = yield* decodeInput(ConversationPatch)(input)
    // `null` removes a setting: the store takes that as `undefined`.
    const changes = Object.fromEntries(Object.entries(patch).map(([key, value]) => [key, value ?? undefined]))
    return yield* store.update(id, changes)
  })

  const exportAs = Effect.fn("Conversations.exportAs")(function* (id: string, input: ExportFormat) {
    const format = yield* decodeInput(ExportFormat, "format")(input)
    return exportConversation(yield* store.get(id), format)
  })

  return Conversations.of({
    list,
    get: store.get,
    update,
    remove: store.remove,
    removeMessage: store.removeMessage,
    exportAs
  })
})

export const layer: Layer.Layer<Conversations, never, ConversationStore> = Layer.effect(Conversations, make)
