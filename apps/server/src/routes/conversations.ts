/**
 * `/api/conversations`: the saved chats every frontend shares — list (newest first, without messages), read one
 * with its messages, delete one.
 */
import { Chat } from "@switchboard/core/Chat"
import { Conversation, ConversationWithMessages } from "@switchboard/core/domain/Conversation"
import { Effect, Schema } from "effect"
import { Hono } from "hono"
import type { AppServices } from "../AppServices"
import type { Runner } from "../Runner"

const encodeList = Schema.encodeSync(Schema.Array(Conversation))
const encodeOne = Schema.encodeSync(ConversationWithMessages)

export const conversationsRoutes = (runner: Runner<AppServices>) =>
  new Hono()
    .get("/", (c) =>
      runner.run(
        c,
        Effect.flatMap(Chat, (chat) => chat.listConversations),
        (list) => c.json(encodeList(list), 200)
      )
    )
    .get("/:id", (c) =>
      runner.run(
        c,
        Effect.flatMap(Chat, (chat) => chat.getConversation(c.req.param("id"))),
        (conversation) => c.json(encodeOne(conversation), 200)
      )
    )
    .delete("/:id", (c) =>
      runner.run(
        c,
        Effect.flatMap(Chat, (chat) => chat.removeConversation(c.req.param("id"))),
        () => c.body(null, 204)
      )
    )
