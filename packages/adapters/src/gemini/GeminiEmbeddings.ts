/**
 * Gemini's embeddings: the core's neutral `EmbeddingRequest` as one `batchEmbedContents` request (each text its own
 * `EmbedContentRequest`), sent over the relay's pools under the provider's timeouts, and its answer read whole into
 * vectors, held to what was asked (one vector per text, in order) and to the core's limits. Gemini refuses a batch of
 * more than 100 texts; such a request is refused before it is sent, naming `input`, so the client learns why at once.
 */
import { type EmbeddingRequest, type Embeddings, maxEmbeddingValues } from "@switchboard/core/domain/Embeddings"
import { ProviderError } from "@switchboard/core/domain/Errors"
import type { ProviderAdapter } from "@switchboard/core/ProviderAdapter"
import { Either, ParseResult, Schema } from "effect"
import { errors } from "undici"
import { BodyClosed, maxEmbeddingsBytes, readNodeUpTo } from "../internal/BodyLimits"
import { fastJson, isObject } from "../internal/FastJson"
import { type CallContext, invalidOutput, scrub, tooLarge } from "../internal/Http"
import { type RelayAgentsService, sendCall } from "../internal/Relay"
import { readFailure } from "./GeminiErrors"
import { embedRequest } from "./GeminiRequest"
import { type BatchEmbedContentsBody, type BatchEmbeddings, BatchEmbeddingsJson } from "./GeminiWire"

/** The most texts `batchEmbedContents` takes in one request. */
export const maxBatchTexts = 100

/** The request body: one `EmbedContentRequest` per text, in order, each with the same model and dimensions. */
export const toWire = (request: EmbeddingRequest): BatchEmbedContentsBody => {
  const model = `models/${request.model.replace(/^models\//, "")}`
  const dimensions = request.dimensions === undefined ? {} : { outputDimensionality: request.dimensions }
  return { requests: request.inputs.map((text) => ({ model, content: { parts: [{ text }] }, ...dimensions })) }
}

/** The answer's usual shape, checked by hand (`FastJson`); anything else gets the Schema, which says what is wrong. */
const isBatch = (value: unknown): value is BatchEmbeddings =>
  isObject(value) &&
  Array.isArray(value.embeddings) &&
  value.embeddings.every(
    (embedding) =>
      isObject(embedding) &&
      Array.isArray(embedding.values) &&
      embedding.values.every((number) => typeof number === "number")
  )

const decodeBatch = fastJson(isBatch, Schema.decodeEither(BatchEmbeddingsJson))

/** An answer's text as the vectors of `texts` texts, or the `InvalidOutput` it is. */
export const readBatch = (
  text: string,
  texts: number,
  ctx: CallContext,
  status: number
): Embeddings | ProviderError => {
  const decoded = decodeBatch(text)
  if (Either.isLeft(decoded))
    return invalidOutput(
      ctx,
      `unreadable embeddings answer: ${ParseResult.TreeFormatter.formatErrorSync(decoded.left)}`,
      status
    )
  const vectors = decoded.right.embeddings.map((embedding) => embedding.values)
  if (vectors.length !== texts)
    return invalidOutput(ctx, `the embeddings answer has ${vectors.length} vectors for ${texts} texts`, status)
  let values = 0
  for (const [index, vector] of vectors.entries()) {
    if (vector.length === 0) return invalidOutput(ctx, `the embeddings answer's vector ${index} is empty`, status)
    values += vector.length
  }
  if (values > maxEmbeddingValues)
    return invalidOutput(
      ctx,
      `the embeddings answer holds ${values} numbers, more than the ${maxEmbeddingValues} an answer may`,
      status
    )
  return { vectors }
}

/** `ProviderAdapter.embed` for Gemini, over `agents`. */
export const embedWith =
  (agents: RelayAgentsService): NonNullable<ProviderAdapter["embed"]> =>
  (target, request, signal) => {
    const call = embedRequest(target, request.model, toWire(request))
    const { ctx } = call
    if (request.inputs.length > maxBatchTexts)
      return Promise.reject(
        new ProviderError({
          reason: "InvalidRequest",
          url: ctx.url,
          param: "input",
          detail:
            `Gemini embeds at most ${maxBatchTexts} texts in one request, and input has ${request.inputs.length}; ` +
            `send them in batches of ${maxBatchTexts} or fewer.`
        })
      )
    return sendCall(agents, call, target.provider.timeouts, readFailure, signal).then((response) => ({
      ...response,
      read: () =>
        readNodeUpTo(response.body, maxEmbeddingsBytes).then(
          (text) => {
            if (text === undefined) throw tooLarge(ctx, "embeddings answer", maxEmbeddingsBytes, response.status)
            const read = readBatch(text, request.inputs.length, ctx, response.status)
            if (read instanceof ProviderError) throw read
            return read
          },
          // A silence is the watchdog's `Timeout`, a cut connection a `Network` error; a consumer's own reason for
          // stopping the read (the server shutting down) stays its own.
          (error: unknown) => {
            if (!(error instanceof errors.UndiciError || error instanceof BodyClosed)) throw error
            throw new ProviderError({
              reason: "Network",
              url: ctx.url,
              status: response.status,
              detail: scrub("the connection was cut before the embeddings answer ended", ctx)
            })
          }
        )
    }))
  }
