/**
 * The OpenAI-compatible gateway: `GET /v1/models` lists every model of every enabled provider as
 * `<provider id>/<model id>`, and `POST /v1/chat/completions` answers through the core's `Chat` — so any provider
 * type (Anthropic and Gemini included) with the core's key rotation, retries and timeouts — streaming or not, in
 * OpenAI's format, errors included. Gateway calls create no conversations.
 *
 * This is the hot path: no middleware beyond the request log and the token check, one parse, one decode.
 * `x-switchboard-overhead-ms` says what the gateway added: for a complete answer, the time spent here minus the time
 * the core measured from sending the upstream request to its end; for a stream, the time until the upstream request
 * went out (the headers leave with the first token, so nothing after that can go in them).
 */
import { Chat } from "@switchboard/core/Chat"
import type { ChatOutput } from "@switchboard/core/ChatOutput"
import { NotFound } from "@switchboard/core/Errors"
import { Providers } from "@switchboard/core/Providers"
import { DateTime, Effect, Either, Stream } from "effect"
import { Hono } from "hono"
import type { AppServices } from "../AppServices"
import { largeMaxBytes, readJson } from "../Body"
import { errorResponse } from "../ErrorResponse"
import { openAiBody } from "../ErrorTable"
import { forEachChunk, type Runner } from "../Runner"
import { type GatewayChat, parseChatCompletion } from "./OpenAiRequest"
import { type Answer, chunkWriter, completion, done } from "./OpenAiResponse"

export const overheadHeader = "x-switchboard-overhead-ms"

const ms = (value: number) => (Math.round(Math.max(0, value) * 100) / 100).toString()

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
      return acc
  }
}

const collect = (events: Stream.Stream<ChatOutput, unknown, AppServices>) =>
  Effect.suspend(() => {
    let acc: Collected = { text: "", reasoning: "", finishReason: "stop", usage: undefined, upstreamMs: 0 }
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

export const gatewayRoutes = (runner: Runner<AppServices>) =>
  new Hono()
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
      const body = await readJson(c.req.raw, { maxBytes: largeMaxBytes })
      if (!("value" in body)) return errorResponse(c, body, "openai")
      const parsed = parseChatCompletion(body.value)
      if (Either.isLeft(parsed)) return errorResponse(c, parsed.left, "openai")
      const { chat, model, stream, includeUsage } = parsed.right

      if (!stream)
        return runner.run(
          c,
          collect(answer(chat)),
          (result) =>
            c.json(completion(model, result), 200, {
              [overheadHeader]: ms(performance.now() - startedAt - result.upstreamMs)
            }),
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
            case "Usage":
              return ""
            case "Completed":
              return chunks.finish(event.finishReason, event.usage)
          }
        },
        encodeError: (info) => `data: ${JSON.stringify(openAiBody(info))}\n\n`,
        trailer: done,
        headers: () => ({ [overheadHeader]: ms(sentAt - startedAt) })
      })
    })
