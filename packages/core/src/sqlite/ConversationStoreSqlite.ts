/**
 * The conversation store in the embedded SQLite database (tables from migration `0002_conversations`). Timestamps
 * are ISO strings, which sort as text; an answer's meta and a message's parts (migration `0004_message_parts`) are JSON
 * columns, encoded and decoded through their schemas so a row that does not decode is reported as a storage error
 * instead of surfacing as a broken object. A conversation's settings are columns of its row (`0006_conversation_settings`).
 */
import { SqlClient, type SqlError } from "@effect/sql"
import { DateTime, Effect, Layer, Schema } from "effect"
import { MessagePart, Role } from "../domain/ChatRequest"
import { AnswerMeta, Conversation, ConversationMessage, ConversationWithMessages } from "../domain/Conversation"
import {
  appendOne,
  applyChanges,
  asciiLower,
  byRecency,
  type ConversationChanges,
  ConversationStore,
  messageNotFound,
  type NewConversation,
  type NewMessage,
  newConversationId,
  storedMessage
} from "../ConversationStore"
import { NotFound, type StorageError } from "../domain/Errors"
import { yieldToEventLoop } from "../internal/YieldToEventLoop"
import { storageError, transaction } from "./SqliteFailure"

interface ConversationRow {
  readonly id: string
  readonly title: string
  readonly provider_id: string
  readonly model_id: string
  readonly system_prompt: string | null
  readonly temperature: number | null
  readonly max_tokens: number | null
  readonly created_at: string
  readonly updated_at: string
}

interface MessageRow {
  readonly seq: number
  readonly role: string
  readonly content: string
  readonly meta: string | null
  readonly parts: string | null
  readonly created_at: string
}

const MetaJson = Schema.parseJson(AnswerMeta)
const PartsJson = Schema.parseJson(Schema.Array(MessagePart))

const decodeConversation = (row: ConversationRow) =>
  Schema.decodeUnknown(Conversation)({
    id: row.id,
    title: row.title,
    providerId: row.provider_id,
    modelId: row.model_id,
    ...(row.system_prompt === null ? {} : { systemPrompt: row.system_prompt }),
    ...(row.temperature === null ? {} : { temperature: row.temperature }),
    ...(row.max_tokens === null ? {} : { maxTokens: row.max_tokens }),
    createdAt: row.created_at,
    updatedAt: row.updated_at
  })

const decodeMessage = (row: MessageRow) =>
  Effect.gen(function* () {
    const meta = row.meta === null ? undefined : yield* Schema.decodeUnknown(MetaJson)(row.meta)
    const parts = row.parts === null ? undefined : yield* Schema.decodeUnknown(PartsJson)(row.parts)
    return new ConversationMessage({
      seq: row.seq,
      role: yield* Schema.decodeUnknown(Role)(row.role),
      content: row.content,
      ...(parts === undefined ? {} : { parts }),
      ...(meta === undefined ? {} : { meta }),
      createdAt: yield* Schema.decodeUnknown(Schema.DateTimeUtc)(row.created_at)
    })
  })

/**
 * Rows per `INSERT`: seven parameters each stays far below SQLite's limit on bound parameters (32,766), and a long turn
 * costs a few statements, not one per message.
 */
const rowsPerInsert = 500

/** `LIKE`'s pattern for text containing `query`, its own wildcards escaped with `\`. */
const likePattern = (query: string) => `%${asciiLower(query).replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/**
 * What one SQL database gives the store: a transaction that keeps other writers of conversation `id` out until it
 * commits, and how its failures read. The statements are plain SQL that SQLite and PostgreSQL both run, so the
 * PostgreSQL store is this one with its own dialect (`pg/ConversationStorePg`).
 */
export interface Dialect {
  readonly writeTransaction: (
    sql: SqlClient.SqlClient,
    operation: string,
    id: string
  ) => <A, E, R>(body: Effect.Effect<A, E, R>) => Effect.Effect<A, Exclude<E, SqlError.SqlError> | StorageError, R>
  readonly storageError: (operation: string, cause: unknown) => StorageError
}

// SQLite has one writer at a time anyway.
const sqlite: Dialect = { writeTransaction: (sql, operation) => transaction(sql, operation), storageError }

/** The store on the `SqlClient` in context, speaking `dialect`. */
export const makeWith = (dialect: Dialect) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient

    /** SQL and decoding failures become the one storage error frontends know, naming what was being done. */
    const storageFailure =
      (operation: string) =>
      (cause: { readonly message: string }): StorageError =>
        dialect.storageError(operation, cause)

    const create = Effect.fn("ConversationStoreSqlite.create")(function* (input: NewConversation) {
      const now = yield* DateTime.now
      const conversation = new Conversation({ id: newConversationId(), ...input, createdAt: now, updatedAt: now })
      const at = DateTime.formatIso(now)
      yield* sql`INSERT INTO conversations
        (id, title, provider_id, model_id, system_prompt, temperature, max_tokens, created_at, updated_at)
      VALUES (${conversation.id}, ${input.title}, ${input.providerId}, ${input.modelId}, ${input.systemPrompt ?? null},
        ${input.temperature ?? null}, ${input.maxTokens ?? null}, ${at}, ${at})`.pipe(
        Effect.mapError(storageFailure("create a conversation"))
      )
      return conversation
    })

    /**
     * Appends `input` after the last message of `id`, having first deleted the messages from `fromSeq` on when it is
     * given (retry, edit), in one transaction: reading the last seq and inserting the next ones never collide.
     */
    const writeMessages = (id: string, input: ReadonlyArray<NewMessage>, fromSeq?: number) =>
      Effect.gen(function* () {
        const now = yield* DateTime.now
        const at = DateTime.formatIso(now)
        // A plain loop: an Effect per message was a measurable share of saving a long turn.
        const metas: Array<string | null> = []
        const parts: Array<string | null> = []
        for (const message of input) {
          metas.push(message.meta === undefined ? null : yield* Schema.encode(MetaJson)(message.meta))
          parts.push(message.parts === undefined ? null : yield* Schema.encode(PartsJson)(message.parts))
        }
        // Reading the last seq and inserting the next ones in one transaction keeps concurrent appends from colliding.
        const first = yield* Effect.gen(function* () {
          const [last] = yield* sql<{ readonly found: number | string; readonly seq: number }>`
        SELECT (SELECT COUNT(*) FROM conversations WHERE id = ${id}) AS found,
               COALESCE((SELECT MAX(seq) FROM messages WHERE conversation_id = ${id}), 0) AS seq`
          // COUNT is a bigint, which PostgreSQL's driver gives as a string.
          if (last === undefined || Number(last.found) === 0) return yield* new NotFound({ entity: "conversation", id })
          if (fromSeq !== undefined)
            yield* sql`DELETE FROM messages WHERE conversation_id = ${id} AND seq >= ${fromSeq}`
          // The last seq left: the messages before `fromSeq` may end earlier, after a deleted one.
          const [kept] =
            fromSeq === undefined
              ? [last]
              : yield* sql<{ readonly seq: number }>`
            SELECT COALESCE(MAX(seq), 0) AS seq FROM messages WHERE conversation_id = ${id}`
          const after = kept?.seq ?? 0
          const rows = input.map((message, i) => ({
            conversation_id: id,
            seq: after + 1 + i,
            role: message.role,
            content: message.content,
            meta: metas[i] ?? null,
            parts: parts[i] ?? null,
            created_at: at
          }))
          // Other requests get the event loop between slices; only the ones that need the database wait for the commit.
          for (let from = 0; from < rows.length; from += rowsPerInsert) {
            if (from > 0) yield* yieldToEventLoop
            yield* sql`INSERT INTO messages ${sql.insert(rows.slice(from, from + rowsPerInsert))}`
          }
          yield* sql`UPDATE conversations SET updated_at = ${at} WHERE id = ${id}`
          return after + 1
        }).pipe(dialect.writeTransaction(sql, fromSeq === undefined ? "add a message" : "replace messages", id))
        return input.map((message, i) => storedMessage(first + i, message, now))
      })

    const appendMessages = Effect.fn("ConversationStoreSqlite.appendMessages")(
      (id: string, input: ReadonlyArray<NewMessage>) => writeMessages(id, input),
      Effect.catchTag("ParseError", storageFailure("add a message"))
    )

    /** Conversation rows decoded, most recent first. */
    const listed = (rows: Effect.Effect<ReadonlyArray<ConversationRow>, SqlError.SqlError>, operation: string) =>
      rows.pipe(
        Effect.flatMap(Effect.forEach(decodeConversation)),
        // Re-sorted with the memory store's comparator, so both agree even if timestamps were written in other formats.
        Effect.map((all) => [...all].sort(byRecency)),
        Effect.mapError(storageFailure(operation))
      )

    const list = listed(
      sql<ConversationRow>`SELECT * FROM conversations ORDER BY updated_at DESC, created_at DESC, rowid DESC`,
      "list conversations"
    ).pipe(Effect.withSpan("ConversationStoreSqlite.list"))

    const get = Effect.fn("ConversationStoreSqlite.get")(
      function* (id: string) {
        const [row] = yield* sql<ConversationRow>`SELECT * FROM conversations WHERE id = ${id}`
        if (row === undefined) return yield* new NotFound({ entity: "conversation", id })
        const conversation = yield* decodeConversation(row)
        const rows = yield* sql<MessageRow>`SELECT seq, role, content, meta, parts, created_at FROM messages
        WHERE conversation_id = ${id} ORDER BY seq`
        const messages = yield* Effect.forEach(rows, decodeMessage)
        return new ConversationWithMessages({ ...conversation, messages })
      },
      Effect.catchTags({
        SqlError: storageFailure("read a conversation"),
        ParseError: storageFailure("read a conversation")
      })
    )

    const remove = Effect.fn("ConversationStoreSqlite.remove")(
      function* (id: string) {
        const [row] = yield* sql<{ readonly id: string }>`SELECT id FROM conversations WHERE id = ${id}`
        if (row === undefined) return yield* new NotFound({ entity: "conversation", id })
        // Messages are deleted explicitly: the cascade only works on connections with foreign keys switched on.
        yield* sql`DELETE FROM messages WHERE conversation_id = ${id}`
        yield* sql`DELETE FROM conversations WHERE id = ${id}`
      },
      (body, id) => dialect.writeTransaction(sql, "remove a conversation", id)(body)
    )

    const update = Effect.fn("ConversationStoreSqlite.update")(
      function* (id: string, changes: ConversationChanges) {
        const [row] = yield* sql<ConversationRow>`SELECT * FROM conversations WHERE id = ${id}`
        if (row === undefined) return yield* new NotFound({ entity: "conversation", id })
        const next = applyChanges(yield* decodeConversation(row), changes)
        yield* sql`UPDATE conversations SET title = ${next.title}, system_prompt = ${next.systemPrompt ?? null},
          temperature = ${next.temperature ?? null}, max_tokens = ${next.maxTokens ?? null} WHERE id = ${id}`
        return next
      },
      Effect.catchTag("ParseError", storageFailure("change a conversation")),
      (body, id) => dialect.writeTransaction(sql, "change a conversation", id)(body)
    )

    const removeMessage = Effect.fn("ConversationStoreSqlite.removeMessage")(
      function* (id: string, seq: number) {
        const [row] = yield* sql<{ readonly id: string }>`SELECT id FROM conversations WHERE id = ${id}`
        if (row === undefined) return yield* new NotFound({ entity: "conversation", id })
        const deleted = yield* sql`DELETE FROM messages WHERE conversation_id = ${id} AND seq = ${seq} RETURNING seq`
        if (deleted.length === 0) return yield* messageNotFound(id, seq)
      },
      (body, id) => dialect.writeTransaction(sql, "delete a message", id)(body)
    )

    const replaceFrom = Effect.fn("ConversationStoreSqlite.replaceFrom")(
      function* (id: string, fromSeq: number, input: ReadonlyArray<NewMessage>) {
        yield* writeMessages(id, input, fromSeq)
        return yield* get(id)
      },
      Effect.catchTag("ParseError", storageFailure("replace messages"))
    )

    // Both sides lowercased: SQLite's `lower` and `LIKE` fold ASCII only, PostgreSQL's `LIKE` folds nothing. `\`
    // escapes the query's own `%` and `_`.
    const search = (query: string) =>
      listed(
        sql<ConversationRow>`SELECT * FROM conversations c
          WHERE lower(c.title) LIKE ${likePattern(query)} ESCAPE '\\'
            OR EXISTS (SELECT 1 FROM messages m
              WHERE m.conversation_id = c.id AND lower(m.content) LIKE ${likePattern(query)} ESCAPE '\\')
          ORDER BY updated_at DESC, created_at DESC, rowid DESC`,
        "search conversations"
      ).pipe(Effect.withSpan("ConversationStoreSqlite.search"))

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

export const make = makeWith(sqlite)

/** The store on the app's `SqlClient` (see `Database.layer`). */
export const layer: Layer.Layer<ConversationStore, never, SqlClient.SqlClient> = Layer.effect(ConversationStore, make)
