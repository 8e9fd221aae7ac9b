/**
 * `POST /api/chat`: one streamed answer as Server-Sent Events — `start` (`{conversationId, url}`), then `delta` and
 * `reasoning` (`{text}`), `tool-call` (`{index, id, name}`), `tool-call-delta` (`{index, arguments}`),
 * `tool-call-end` (`{index}`), `usage` (`{inputTokens, outputTokens, cachedInputTokens?, …}`), and finally `done`
 * (`{finishReason, usage?, cost?: {amount, currency}, timing}`)
 * or `error` (`{error: {code, reason, message, upstreamStatus?}}`). A request that fails before the upstream answered
 * (unknown provider, disabled, unknown model, bad input, and the upstream's own refusal: a bad key is a 401, a rate
 * limit a 429) is an ordinary JSON error with its status instead: the stream opens only once the upstream answered.
 * The turn is saved in a conversation (a new one, or `conversationId`'s); closing the connection stops the answer and
 * the upstream request.
 */
import { Chat, type ChatError, ChatInput, type ChatService } from "@switchboard/core/Chat"
import type { Usage } from "@switchboard/core/domain/ChatEvent"
import type { ChatOutput } from "@switchboard/core/domain/ChatOutput"
import { Effect, Stream } from "effect"
import { type Context, Hono } from "hono"
import type { AppServices } from "../AppServices"
import { jsonBody, largeMaxBytes } from "../Body"
import { restBody } from "../ErrorTable"
import type { Runner } from "../Runner"
import { sse } from "../Sse"

/**
 * The core's own input schema: `{provider, model, messages, conversationId?, maxTokens?, temperature?,
 * systemPrompt?}`; a new conversation keeps the last three as its settings.
 */
export const ChatBody = ChatInput

/** Token counts as the events carry them: the optional counts only where the provider gave them. */
const usageJson = ({ _tag, ...counts }: Usage) => counts

/** One neutral event as its SSE frame. */
export const encodeChatEvent = (event: ChatOutput): string => {
  switch (event._tag) {
    case "Started":
      return sse("start", { conversationId: event.conversationId, url: event.url })
    case "TextDelta":
      return sse("delta", { text: event.text })
    case "ReasoningDelta":
      return sse("reasoning", { text: event.text })
    case "ReasoningSignature":
    case "ResponseMetadata":
      return ""
    case "ToolCallStart":
      return sse("tool-call", { index: event.index, id: event.id, name: event.name })
    case "ToolCallDelta":
      return sse("tool-call-delta", { index: event.index, arguments: event.arguments })
    case "ToolCallEnd":
      return sse("tool-call-end", { index: event.index })
    case "Usage":
      return sse("usage", usageJson(event))
    case "Completed":
      return sse("done", {
        finishReason: event.finishReason,
        ...(event.raw === undefined ? {} : { raw: event.raw }),
        ...(event.usage === undefined ? {} : { usage: usageJson(event.usage) }),
        ...(event.cost === undefined ? {} : { cost: event.cost }),
        timing: {
          firstTokenMs: event.timing.firstTokenMs,
          totalMs: event.timing.totalMs,
          tokensPerSecond: event.timing.tokensPerSecond,
          tokensEstimated: event.timing.tokensEstimated
        }
      })
  }
}

/** One answer of `Chat` as this route's SSE (also the conversations' retry and edit). */
export const streamAnswer = (
  runner: Runner<AppServices>,
  c: Context,
  answer: (chat: ChatService) => Stream.Stream<ChatOutput, ChatError>
) =>
  runner.stream(c, Stream.unwrap(Effect.map(Chat, answer)), {
    style: "rest",
    // `Started` comes before the upstream request is sent: the headers wait for its answer, as the gateway's do.
    commitOn: (event) => event._tag !== "Started",
    encode: encodeChatEvent,
    encodeError: (info) => sse("error", restBody(info))
  })

export const chatRoutes = (runner: Runner<AppServices>) =>
  new Hono().post("/", jsonBody(ChatBody, { maxBytes: largeMaxBytes }), (c) => {
    const input = c.req.valid("json")
    return streamAnswer(runner, c, (chat) => chat.stream(input))
  })
