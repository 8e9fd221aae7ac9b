/**
 * `GET /models` for Chat Completions servers, every page read: OpenAI-style pagination (`has_more` + `last_id`, next
 * page via `?after=`) is followed when a server uses it; most servers (vLLM, Ollama, Azure) answer in one page.
 */
import { HttpClientRequest } from "@effect/platform"
import type { HttpClient } from "@effect/platform"
import type { ProviderError } from "@switchboard/core/domain/Errors"
import { RemoteModel } from "@switchboard/core/domain/RemoteModel"
import { Effect, Schema } from "effect"
import { maxModelListBytes } from "../internal/BodyLimits"
import { appendModels } from "../internal/ModelListLimit"
import { boundedText, type CallContext, invalidOutput, send } from "../internal/Http"
import { readFailure } from "./OpenAiError"
import { WireModelList } from "./OpenAiWire"

/** A server that keeps saying `has_more` is broken; stop long before it costs the user anything. */
const maxPages = 50

const decodeList = Schema.decodeUnknown(Schema.parseJson(WireModelList))

const positiveInt = (value: number | null | undefined) =>
  typeof value === "number" && Number.isInteger(value) && value > 0 ? value : undefined

/** One wire entry as a `RemoteModel`: `context_length` (OpenRouter) or `max_model_len` (vLLM) as context length. */
export const toRemoteModel = (entry: WireModelList["data"][number]): RemoteModel => {
  const contextLength = positiveInt(entry.context_length) ?? positiveInt(entry.max_model_len)
  return new RemoteModel({
    id: entry.id,
    ...(entry.name && entry.name !== entry.id ? { displayName: entry.name } : {}),
    ...(contextLength === undefined ? {} : { contextLength }),
    ...(entry.owned_by ? { ownedBy: entry.owned_by } : {})
  })
}

const pageUrl = (url: string, after: string | undefined) => {
  if (after === undefined) return url
  const next = new URL(url)
  next.searchParams.set("after", after)
  return next.toString()
}

/** Every model the server lists, in its order. */
export const listModels = (
  url: string,
  headers: Readonly<Record<string, string>>,
  ctx: CallContext
): Effect.Effect<ReadonlyArray<RemoteModel>, ProviderError, HttpClient.HttpClient> =>
  Effect.gen(function* () {
    const models: Array<RemoteModel> = []
    let after: string | undefined
    for (let page = 0; page < maxPages; page++) {
      const request = HttpClientRequest.get(pageUrl(url, after)).pipe(
        HttpClientRequest.setHeaders({ accept: "application/json", ...headers })
      )
      const response = yield* send(request, ctx, readFailure)
      const body = yield* boundedText(response, ctx, maxModelListBytes, "model list")
      const list = yield* decodeList(body).pipe(
        Effect.mapError(() =>
          invalidOutput(
            ctx,
            `the model list is not an OpenAI-style {"data": [...]} body: ${body.slice(0, 200)}`,
            response.status
          )
        )
      )
      yield* appendModels(models, list.data.map(toRemoteModel), ctx)
      const next = list.last_id ?? list.data.at(-1)?.id
      if (list.has_more !== true || next === undefined || next === after) return models
      after = next
    }
    return models
  })
