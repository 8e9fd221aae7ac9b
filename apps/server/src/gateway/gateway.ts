/**
 * The gateway: `GET /v1/models` lists every model of every enabled provider as `<provider id>/<model id>`, with its
 * capabilities (so a client can tell an embedding model), and each entry point (`entries.ts`: Chat Completions, and
 * the other client protocols) answers with the core's key rotation, retries and timeouts, streaming or not, in its
 * client's format, errors included. Gateway calls create no conversations.
 *
 * A provider that speaks the client's protocol gets the request as the client wrote it through the core's `Relay`,
 * and its answer's bytes go back unchanged (`RelayedAnswer.ts`): every feature of the protocol works, and the hop
 * costs about what a bare proxy's does. Other providers get it translated through the same `Relay` (the entry's
 * `translate`), and their answers are read into the client's frames (`TranslatedAnswer.ts`), with no fiber per
 * request or per event.
 *
 * On Node, these requests are answered before they reach this app, by the same steps on Node's own request and
 * response (`lane/GatewayLane.ts`); this route answers the rest (requests the lane leaves to the app, every request in
 * tests that call `app.request`) as a web `Response`. `x-switchboard-overhead-ms` says what the gateway added: the
 * time spent here minus the upstream's share (the wait for an answer's headers; for a complete answer, the whole
 * read).
 */
import { NotFound } from "@switchboard/core/domain/Errors"
import { capabilities } from "@switchboard/core/domain/ProviderTypes"
import { Providers } from "@switchboard/core/Providers"
import { type Relayed, Relay } from "@switchboard/core/Relay"
import { DateTime, Effect, Either, Option } from "effect"
import { type Context, Hono } from "hono"
import type { AppServices } from "../AppServices"
import { largeMaxBytes, readJson, readNodeJson } from "../Body"
import { errorResponse } from "../ErrorResponse"
import { bodyFor, describe, errorHeaders } from "../ErrorTable"
import type { Inflight } from "../Inflight"
import { modelFacts } from "@switchboard/core/domain/ModelFacts"
import { nodeBindings } from "../NodeBindings"
import type { Runner } from "../Runner"
import { completeEmbeddings } from "./EmbeddingsAnswer"
import type { EntryPoint, Route } from "./EntryPoint"
import { entryPoints, unanswered } from "./entries"
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
        provider.models.map((model) => {
          const facts = modelFacts(model)
          return {
            id: `${provider.id}/${model.id}`,
            object: "model" as const,
            created: Math.floor(DateTime.toEpochMillis(provider.createdAt) / 1000),
            owned_by: provider.id,
            capabilities: capabilities.filter((capability) => model.capabilities[capability]),
            ...(facts.contextWindow === undefined ? {} : { context_window: facts.contextWindow.value }),
            ...(facts.maxOutputTokens === undefined ? {} : { max_output_tokens: facts.maxOutputTokens.value })
          }
        })
      )
  })
)

/** The answer to one routed request once `Relay` has opened it, as a web `Response`. */
const answerToWeb = (
  entry: EntryPoint,
  route: Route,
  relayed: Option.Option<Relayed>,
  startedAt: number,
  inflight: Inflight
): Response | Promise<Response> => {
  // `open` fails a provider that takes neither a relay nor a translation unless the route answers it itself.
  if (Option.isNone(relayed)) return Response.json(route.otherwise!(), { status: 200 })
  const answer = relayed.value
  const { reader, read } = answer
  const { stream } = route
  if (reader !== undefined)
    // An entry point whose input translates chat says how its answer reads.
    return translatedToWeb({
      answer: { ...answer, reader },
      stream,
      writer: route.writer!,
      errors: entry.errors,
      startedAt,
      inflight
    })
  if (read !== undefined)
    return completeEmbeddings({ ...answer, read }, route, inflight).then((result) => {
      if (!result.ok) {
        const info = describe(result.error)
        return Response.json(bodyFor(entry.errors.style, info), { status: info.status, headers: errorHeaders(info) })
      }
      return new Response(result.json, {
        status: 200,
        headers: { "content-type": "application/json", ...overhead(startedAt, result.upstreamMs) }
      })
    })
  return relayToWeb({ answer, stream, headers: overhead(startedAt, answer.upstreamMs), inflight, errors: entry.errors })
}

/** The route of one entry point: read the body, route it, open it through `Relay`, answer. */
const entryRoute = (runner: Runner<AppServices>, inflight: Inflight, entry: EntryPoint) => async (c: Context) => {
  const startedAt = performance.now()
  const { style } = entry.errors
  const node = nodeBindings(c)
  const options = { maxBytes: largeMaxBytes }
  const body = node === undefined ? await readJson(c.req.raw, options) : await readNodeJson(node.incoming, options)
  if (!("value" in body)) return errorResponse(c, body, style)
  const routed = entry.route(body.value, (name) => c.req.header(name))
  if (Either.isLeft(routed)) return errorResponse(c, routed.left, style)
  const route = routed.right
  return runner.run(
    c,
    Effect.flatMap(Relay, (relay) =>
      Effect.flatMap(relay.open(route.input), (opened) => {
        const refusal = Option.isNone(opened) ? unanswered(route) : undefined
        return refusal === undefined ? Effect.succeed(opened) : Effect.fail(refusal)
      })
    ),
    (relayed) => answerToWeb(entry, route, relayed, startedAt, inflight),
    style
  )
}

export const gatewayRoutes = (runner: Runner<AppServices>, inflight: Inflight) => {
  const routes = new Hono()
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
  for (const entry of entryPoints) routes.post(entry.path, entryRoute(runner, inflight, entry))
  return routes
}
