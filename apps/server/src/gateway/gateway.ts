/**
 * The OpenAI-compatible gateway: `GET /v1/models` lists every model of every enabled provider as
 * `<provider id>/<model id>`, and `POST /v1/chat/completions` answers with the core's key rotation, retries and
 * timeouts, streaming or not, in OpenAI's format, errors included. Gateway calls create no conversations.
 *
 * A provider that speaks Chat Completions (OpenAI-compatible servers, Azure) gets the request as the client wrote it
 * through the core's `Relay`, and its answer's bytes go back unchanged (`RelayedAnswer.ts`): every OpenAI feature
 * works, and the hop costs about what a bare proxy's does. Anthropic and Gemini providers are translated through
 * `Chat` and back.
 *
 * On Node, relayed requests are answered before they reach this app, by the same steps on Node's own request and
 * response (`lane/GatewayLane.ts`); this route answers the rest (translated providers, requests the lane leaves to the
 * app, every request in tests that call `app.request`), a relayed answer as a web `Response`.
 * `x-switchboard-overhead-ms` says what the gateway added: the time spent here minus the upstream's share (a relayed
 * answer's headers, a translated complete answer's whole time); for a translated stream, the time until the upstream
 * request went out.
 */
import { Chat } from "@switchboard/core/Chat"
import type { ChatOutput } from "@switchboard/core/domain/ChatOutput"
import { NotFound } from "@switchboard/core/domain/Errors"
import { Providers } from "@switchboard/core/Providers"
import { Relay } from "@switchboard/core/Relay"
import { DateTime, Effect, Either, Option, Stream } from "effect"
import { type Context, Hono } from "hono"
import type { AppServices } from "../AppServices"
import { largeMaxBytes, readJson, readNodeJson } from "../Body"
import { errorResponse } from "../ErrorResponse"
import type { Inflight } from "../Inflight"
import { nodeBindings } from "../NodeBindings"
import { forEachChunk, type Runner } from "../Runner"
import type { TranslatedType } from "./ChatCompletionFields"
import { type GatewayChat, type ParsedRequest, parseChatCompletion, routeChatCompletion } from "./OpenAiRequest"
import { type Answer, chunkWriter, completion, done, errorFrame } from "./OpenAiResponse"
import { overhead } from "./Overhead"
import { relayToWeb } from "./RelayedAnswer"

/** The core's answer stream for a gateway request: nothing saved, OpenAI clients keep their own history. */
const answer = (request: GatewayChat) =>
  Stream.unwrap(Effect.map(Chat, (chat) => chat.stream(request, { persist: false })))

interface Collected extends Answer {
  readonly upstreamMs: number
}

const step = (acc: Collected, event: ChatOutput): Collected => {
  switch (event._tag) {
    case "TextDelta":
      return { ...acc, text: acc.text + event.text }
    case "ReasoningDelta":
      return { ...acc, reasoning: acc.reasoning + event.text }
    case "ToolCallStart":
      return { ...acc, toolCalls: [...acc.toolCalls, { id: event.id, name: event.name, arguments: "" }] }
    case "ToolCallDelta": {
      const call = acc.toolCalls[event.index]
      if (call === undefined) return acc
      const toolCalls = acc.toolCalls.slice()
      toolCalls[event.index] = { ...call, arguments: call.arguments + event.arguments }
      return { ...acc, toolCalls }
    }
    case "Usage":
      return { ...acc, usage: event }
    case "Completed":
      return {
        ...acc,
        finishReason: event.finishReason,
        usage: event.usage ?? acc.usage,
        upstreamMs: event.timing.totalMs
      }
    case "Started":
    case "ReasoningSignature":
    case "ToolCallEnd":
    case "ResponseMetadata":
      return acc
  }
}

const collect = (events: Stream.Stream<ChatOutput, unknown, AppServices>) =>
  Effect.suspend(() => {
    let acc: Collected = {
      text: "",
      reasoning: "",
      toolCalls: [],
      finishReason: "stop",
      usage: undefined,
      upstreamMs: 0
    }
    return Effect.map(
      forEachChunk(events, (chunk) => {
        for (const event of chunk) acc = step(acc, event)
      }),
      () => acc
    )
  })

const modelList = Effect.map(
  Effect.flatMap(Providers, (p) => p.list),
  (providers) => ({
    object: "list" as const,
    data: providers
      .filter((provider) => provider.enabled)
      .flatMap((provider) =>
        provider.models.map((model) => ({
          id: `${provider.id}/${model.id}`,
          object: "model" as const,
          created: Math.floor(DateTime.toEpochMillis(provider.createdAt) / 1000),
          owned_by: provider.id
        }))
      )
  })
)

/** The translated protocol of a provider the relay did not take. */
const translatedType = (provider: string) =>
  Effect.flatMap(Providers, (p) => p.get(provider)).pipe(
    Effect.map((found): TranslatedType => (found.type === "gemini" ? "gemini" : "anthropic"))
  )

/** The request translated for `Chat` (providers that do not speak Chat Completions), answered in OpenAI's format. */
const translate =
  (runner: Runner<AppServices>) =>
  (c: Context, body: Readonly<Record<string, unknown>>, provider: string, startedAt: number) =>
    runner.run(
      c,
      translatedType(provider),
      (type) => {
        const parsed = parseChatCompletion(body, type)
        if (Either.isLeft(parsed)) return errorResponse(c, parsed.left, "openai")
        return answerTranslated(runner, c, parsed.right, startedAt)
      },
      "openai"
    )

const answerTranslated = (
  runner: Runner<AppServices>,
  c: Context,
  { chat, model, stream, includeUsage }: ParsedRequest,
  startedAt: number
) => {
  if (!stream)
    return runner.run(
      c,
      collect(answer(chat)),
      (result) => c.json(completion(model, result), 200, overhead(startedAt, result.upstreamMs)),
      "openai"
    )

  const chunks = chunkWriter(model, includeUsage)
  let sentAt = startedAt
  return runner.stream(c, answer(chat), {
    style: "openai",
    // Hold the headers until the upstream answered, so a refused key is still an HTTP error status.
    commitOn: (event) => event._tag !== "Started",
    encode: (event) => {
      switch (event._tag) {
        case "Started":
          sentAt = performance.now()
          return ""
        case "TextDelta":
          return chunks.text(event.text)
        case "ReasoningDelta":
          return chunks.reasoning(event.text)
        case "ToolCallStart":
          return chunks.toolCall(event.index, event.id, event.name)
        case "ToolCallDelta":
          return chunks.toolArguments(event.index, event.arguments)
        case "Completed":
          return chunks.finish(event.finishReason, event.usage)
        default:
          return ""
      }
    },
    encodeError: errorFrame,
    trailer: done,
    headers: () => overhead(startedAt, performance.now() - sentAt)
  })
}

export const gatewayRoutes = (runner: Runner<AppServices>, inflight: Inflight) => {
  const translated = translate(runner)
  return new Hono()
    .get("/models", (c) => runner.run(c, modelList, (list) => c.json(list, 200), "openai"))
    .get("/models/:model{.+}", (c) => {
      const id = c.req.param("model")
      return runner.run(
        c,
        Effect.flatMap(modelList, (list) => {
          const found = list.data.find((entry) => entry.id === id)
          return found === undefined ? Effect.fail(new NotFound({ entity: "model", id })) : Effect.succeed(found)
        }),
        (model) => c.json(model, 200),
        "openai"
      )
    })
    .post("/chat/completions", async (c) => {
      const startedAt = performance.now()
      const node = nodeBindings(c)
      const options = { maxBytes: largeMaxBytes }
      const body = node === undefined ? await readJson(c.req.raw, options) : await readNodeJson(node.incoming, options)
      if (!("value" in body)) return errorResponse(c, body, "openai")
      const routed = routeChatCompletion(body.value)
      if (Either.isLeft(routed)) return errorResponse(c, routed.left, "openai")
      const { provider, model, stream } = routed.right
      return runner.run(
        c,
        Effect.flatMap(Relay, (relay) => relay.open({ provider, model, body: routed.right.body })),
        (relayed) => {
          if (Option.isNone(relayed)) return translated(c, routed.right.body, provider, startedAt)
          const answer = relayed.value
          return relayToWeb({ answer, stream, headers: overhead(startedAt, answer.upstreamMs), inflight })
        },
        "openai"
      )
    })
}
