/**
 * `POST /api/chat`: one streamed answer as Server-Sent Events — `start` (`{conversationId, url}`), then `delta` and
 * `reasoning` (`{text}`), `usage` (`{inputTokens, outputTokens}`), and finally `done` (`{finishReason, timing, …}`)
 * or `error` (`{error: {code, reason, message}}`). A request the core refuses before starting (unknown provider,
 * disabled, unknown model, bad input) is an ordinary JSON error with its status instead. The turn is saved in a
 * conversation (a new one, or `conversationId`'s); closing the connection stops the answer and the upstream request.
 */
import { Chat, ChatInput } from "@switchboard/core/Chat"
import type { ChatOutput } from "@switchboard/core/domain/ChatOutput"
import { Effect, Stream } from "effect"
import { Hono } from "hono"
import type { AppServices } from "../AppServices"
import { jsonBody, largeMaxBytes } from "../Body"
import { restBody } from "../ErrorTable"
import type { Runner } from "../Runner"

/** The core's own input schema: `{provider, model, messages, conversationId?, maxTokens?, temperature?}`. */
export const ChatBody = ChatInput

const sse = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`

/** One neutral event as its SSE frame. */
export const encodeChatEvent = (event: ChatOutput): string => {
  switch (event._tag) {
    case "Started":
      return sse("start", { conversationId: event.conversationId, url: event.url })
    case "TextDelta":
      return sse("delta", { text: event.text })
    case "ReasoningDelta":
      return sse("reasoning", { text: event.text })
    case "Usage":
      return sse("usage", { inputTokens: event.inputTokens, outputTokens: event.outputTokens })
    case "Completed":
      return sse("done", {
        finishReason: event.finishReason,
        ...(event.raw === undefined ? {} : { raw: event.raw }),
        ...(event.usage === undefined
          ? {}
          : { usage: { inputTokens: event.usage.inputTokens, outputTokens: event.usage.outputTokens } }),
        timing: {
          firstTokenMs: event.timing.firstTokenMs,
          totalMs: event.timing.totalMs,
          tokensPerSecond: event.timing.tokensPerSecond,
          tokensEstimated: event.timing.tokensEstimated
        }
      })
  }
}

export const chatRoutes = (runner: Runner<AppServices>) =>
  new Hono().post("/", jsonBody(ChatBody, { maxBytes: largeMaxBytes }), (c) => {
    const input = c.req.valid("json")
    return runner.stream(c, Stream.unwrap(Effect.map(Chat, (chat) => chat.stream(input))), {
      style: "rest",
      commitOn: () => true,
      encode: encodeChatEvent,
      encodeError: (info) => sse("error", restBody(info))
    })
  })
