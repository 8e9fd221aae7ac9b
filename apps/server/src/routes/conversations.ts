/**
 * `/api/conversations`: the saved chats every frontend shares — list (newest first, without messages; `?q=` searches
 * titles and text), read one with its messages, rename it or change its settings, delete it or one message, export
 * it as Markdown or JSON, and answer it again: retry the last user message, or edit one and resend (both streamed as
 * `POST /api/chat` is).
 */
import { Conversations, type ConversationsService } from "@switchboard/core/Conversations"
import { Conversation, ConversationWithMessages } from "@switchboard/core/domain/Conversation"
import { exportExtension, exportMediaType } from "@switchboard/core/domain/ConversationExport"
import { ConversationPatch, EditInput, ExportFormat, RetryInput } from "@switchboard/core/domain/ConversationInput"
import { InvalidInput } from "@switchboard/core/domain/Errors"
import { Effect, Schema } from "effect"
import { Hono } from "hono"
import type { AppServices } from "../AppServices"
import { jsonBody, largeMaxBytes, queryParams } from "../Body"
import type { Runner } from "../Runner"
import { streamAnswer } from "./chat"

const encodeList = Schema.encodeSync(Schema.Array(Conversation))
const encodeOne = Schema.encodeSync(ConversationWithMessages)
const encodeConversation = Schema.encodeSync(Conversation)

export const ListQuery = Schema.Struct({
  /** Only the conversations whose title or message text contains this (ASCII case ignored). */
  q: Schema.optional(Schema.String)
})

export const ExportQuery = Schema.Struct({ format: Schema.optional(ExportFormat) })

export const PatchBody = ConversationPatch
export const RetryBody = RetryInput
export const EditBody = EditInput

const withConversations = <A, E>(f: (conversations: ConversationsService) => Effect.Effect<A, E>) =>
  Effect.flatMap(Conversations, f)

/** A message number from the path: a whole number from 1. */
const seqParam = (text: string): Effect.Effect<number, InvalidInput> =>
  /^[1-9][0-9]{0,8}$/.test(text)
    ? Effect.succeed(Number(text))
    : Effect.fail(new InvalidInput({ field: "seq", problem: "must be a message number (1, 2, …)" }))

export const conversationsRoutes = (runner: Runner<AppServices>) =>
  new Hono()
    .get("/", queryParams(ListQuery), (c) => {
      const { q } = c.req.valid("query")
      return runner.run(
        c,
        withConversations((conversations) => conversations.list(q === undefined ? {} : { query: q })),
        (list) => c.json(encodeList(list), 200)
      )
    })
    .get("/:id", (c) =>
      runner.run(
        c,
        withConversations((conversations) => conversations.get(c.req.param("id"))),
        (conversation) => c.json(encodeOne(conversation), 200)
      )
    )
    .patch("/:id", jsonBody(PatchBody), (c) => {
      const patch = c.req.valid("json")
      return runner.run(
        c,
        withConversations((conversations) => conversations.update(c.req.param("id"), patch)),
        (conversation) => c.json(encodeConversation(conversation), 200)
      )
    })
    .delete("/:id", (c) =>
      runner.run(
        c,
        withConversations((conversations) => conversations.remove(c.req.param("id"))),
        () => c.body(null, 204)
      )
    )
    .delete("/:id/messages/:seq", (c) =>
      runner.run(
        c,
        Effect.flatMap(seqParam(c.req.param("seq")), (seq) =>
          withConversations((conversations) => conversations.removeMessage(c.req.param("id"), seq))
        ),
        () => c.body(null, 204)
      )
    )
    .get("/:id/export", queryParams(ExportQuery), (c) => {
      const id = c.req.param("id")
      const format = c.req.valid("query").format ?? "markdown"
      return runner.run(
        c,
        withConversations((conversations) => conversations.exportAs(id, format)),
        (document) =>
          c.body(document, 200, {
            "Content-Type": exportMediaType[format],
            "Content-Disposition": `attachment; filename="conversation-${id.replace(/[^\w-]/g, "_")}.${exportExtension[format]}"`
          })
      )
    })
    .post("/:id/retry", jsonBody(RetryBody, { optional: true }), (c) => {
      const input = c.req.valid("json")
      return streamAnswer(runner, c, (chat) => chat.retry(c.req.param("id"), input))
    })
    .post("/:id/edit", jsonBody(EditBody, { maxBytes: largeMaxBytes }), (c) => {
      const input = c.req.valid("json")
      return streamAnswer(runner, c, (chat) => chat.edit(c.req.param("id"), input))
    })
