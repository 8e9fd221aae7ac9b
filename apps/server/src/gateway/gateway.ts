/**
 * The OpenAI-compatible gateway: `GET /v1/models` lists every model of every enabled provider as
 * `<provider id>/<model id>`, and `POST /v1/chat/completions` answers with the core's key rotation, retries and
 * timeouts, streaming or not, in OpenAI's format, errors included. Gateway calls create no conversations.
 *
 * A provider that speaks Chat Completions (OpenAI-compatible servers, Azure) gets the request as the client wrote it
 * through the core's `Relay`, and its answer's bytes go back unchanged (`RelayedAnswer.ts`): every OpenAI feature
 * works, and the hop costs about what a bare proxy's does. Anthropic and Gemini providers get it translated through
 * the same `Relay` (`OpenAiRequest.translateFor`), and their answers are read into Chat Completions frames
 * (`TranslatedAnswer.ts`), with no fiber per request or per event.
 *
 * On Node, these requests are answered before they reach this app, by the same steps on Node's own request and
 * response (`lane/GatewayLane.ts`); this route answers the rest (requests the lane leaves to the app, every request in
 * tests that call `app.request`) as a web `Response`. `x-switchboard-overhead-ms` says what the gateway added: the
 * time spent here minus the upstream's share (the wait for an answer's headers; for a complete answer, the whole
 * read).
 */
import { NotFound } from "@switchboard/core/domain/Errors"
import { Providers } from "@switchboard/core/Providers"
import { Relay } from "@switchboard/core/Relay"
import { DateTime, Effect, Either, Option } from "effect"
import { Hono } from "hono"
import type { AppServices } from "../AppServices"
import { largeMaxBytes, readJson, readNodeJson } from "../Body"
import { errorResponse } from "../ErrorResponse"
import type { Inflight } from "../Inflight"
import { nodeBindings } from "../NodeBindings"
import type { Runner } from "../Runner"
import { clientOptions, routeChatCompletion, translateFor } from "./OpenAiRequest"
import { overhead } from "./Overhead"
import { relayToWeb } from "./RelayedAnswer"
import { translatedToWeb } from "./TranslatedAnswer"

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

export const gatewayRoutes = (runner: Runner<AppServices>, inflight: Inflight) =>
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
      const node = nodeBindings(c)
      const options = { maxBytes: largeMaxBytes }
      const body = node === undefined ? await readJson(c.req.raw, options) : await readNodeJson(node.incoming, options)
      if (!("value" in body)) return errorResponse(c, body, "openai")
      const routed = routeChatCompletion(body.value)
      if (Either.isLeft(routed)) return errorResponse(c, routed.left, "openai")
      const { provider, model, stream, body: request } = routed.right
      return runner.run(
        c,
        Effect.flatMap(Relay, (relay) =>
          relay.open({ provider, model, body: request, translate: translateFor(request) })
        ),
        (relayed) => {
          // Every protocol relays or translates: `None` would be an adapter with neither.
          const answer = Option.getOrThrow(relayed)
          const { reader } = answer
          return reader === undefined
            ? relayToWeb({ answer, stream, headers: overhead(startedAt, answer.upstreamMs), inflight })
            : translatedToWeb({ answer: { ...answer, reader }, stream, ...clientOptions(request), startedAt, inflight })
        },
        "openai"
      )
    })
