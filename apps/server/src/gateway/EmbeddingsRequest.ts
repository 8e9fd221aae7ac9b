/**
 * What the gateway accepts on `POST /v1/embeddings`. A provider that serves OpenAI's embeddings itself
 * (OpenAI-compatible, Azure, OpenAI Responses) gets the request as the client wrote it: only what routing needs is
 * checked here (`model`, and an `input`), the rest is the upstream's to judge, token arrays included. For a provider
 * whose embeddings are not OpenAI's (Gemini) the request is checked whole and becomes the core's neutral
 * `EmbeddingRequest` (`embeddingFor`): texts only, since token arrays count tokens of OpenAI's tokenizer, which no
 * other provider reads; at most `maxEmbeddingInputs` of them; `user`, which has no meaning there, is dropped.
 */
import type { EmbeddingRequest } from "@switchboard/core/domain/Embeddings"
import { InvalidInput } from "@switchboard/core/domain/Errors"
import type { Provider } from "@switchboard/core/domain/Provider"
import { toInvalidInput } from "@switchboard/core/domain/ProviderInput"
import { providerTypeLabels } from "@switchboard/core/domain/ProviderTypes"
import { Either, Schema } from "effect"
import { targetOf } from "./ModelRoute"

/** The most inputs one request may embed: OpenAI's own limit, which its clients already keep to. */
export const maxEmbeddingInputs = 2048

/** How the client wants its vectors: numbers, or base64 of little-endian float32 (the `openai` SDK's default). */
export type EncodingFormat = "float" | "base64"

/**
 * The fields a translation reads, and the request as documented; `input` is read item by item (`texts`), so each
 * refusal names its item.
 */
export const EmbeddingsRequest = Schema.Struct({
  /** `<provider id>/<model id>`, as `GET /v1/models` lists it. */
  model: Schema.String,
  /** A text, texts, or (relayed providers only) token arrays. */
  input: Schema.Union(Schema.String, Schema.Array(Schema.Unknown)),
  encoding_format: Schema.optional(Schema.NullOr(Schema.Literal("float", "base64"))),
  dimensions: Schema.optional(Schema.NullOr(Schema.Int.pipe(Schema.positive()))),
  user: Schema.optional(Schema.NullOr(Schema.String))
}).annotations({ identifier: "EmbeddingsRequest" })

const decodeTranslated = Schema.decodeUnknownEither(EmbeddingsRequest, { errors: "first" })

/** What a relayed request must have: where it goes, and something to embed. */
const RelayedRequest = Schema.Struct({
  model: Schema.String,
  input: Schema.Union(Schema.String, Schema.Array(Schema.Unknown))
})

const decodeRelayed = Schema.decodeUnknownEither(RelayedRequest, { errors: "first" })

export interface RoutedEmbeddings {
  readonly provider: string
  /** The provider's model id. */
  readonly model: string
  /** The body as the client sent it, for the relay. */
  readonly body: Readonly<Record<string, unknown>>
  /** The model name as the client wrote it, echoed in a translated answer. */
  readonly clientModel: string
  readonly encoding: EncodingFormat
}

/** Where an embeddings request goes, and the least it must be to be sent on as it is. */
export const routeEmbeddings = (body: unknown): Either.Either<RoutedEmbeddings, InvalidInput> =>
  Either.flatMap(Either.mapLeft(decodeRelayed(body), toInvalidInput), (request) =>
    Either.map(targetOf(request.model), (target) => {
      const format = (body as { encoding_format?: unknown }).encoding_format
      return {
        ...target,
        body: body as Record<string, unknown>,
        clientModel: request.model,
        encoding: format === "base64" ? "base64" : "float"
      } as const
    })
  )

const isTokens = (value: unknown) => typeof value === "number" || (Array.isArray(value) && value.length > 0)

/** The texts of `input`, or the `InvalidInput` naming the item that is not one. */
const texts = (input: string | ReadonlyArray<unknown>, type: string): Either.Either<Array<string>, InvalidInput> => {
  if (typeof input === "string")
    return input === ""
      ? Either.left(new InvalidInput({ field: "input", problem: "must not be empty" }))
      : Either.right([input])
  if (input.length === 0)
    return Either.left(new InvalidInput({ field: "input", problem: "must hold at least one text" }))
  if (input.length > maxEmbeddingInputs)
    return Either.left(
      new InvalidInput({
        field: "input",
        problem: `holds ${input.length} items; send at most ${maxEmbeddingInputs} in one request`
      })
    )
  const out: Array<string> = []
  for (const [index, item] of input.entries()) {
    if (typeof item === "string" && item !== "") {
      out.push(item)
      continue
    }
    const problem =
      typeof item === "string"
        ? "must not be empty"
        : isTokens(item)
          ? `is a token array: tokens count in OpenAI's tokenizer, which a ${type} provider does not read; send the text`
          : "must be a string"
    // A whole array of token ids (`[1212, 318]`) is one input: its refusal names `input` itself.
    return Either.left(new InvalidInput({ field: typeof item === "number" ? "input" : `input[${index}]`, problem }))
  }
  return Either.right(out)
}

/**
 * The neutral request of an embeddings `body` for `provider`, whose model id is `model`, or the `InvalidInput` that
 * names what it cannot send.
 */
export const embeddingFor =
  (body: Readonly<Record<string, unknown>>, model: string) =>
  (provider: Provider): Either.Either<EmbeddingRequest, InvalidInput> =>
    Either.flatMap(Either.mapLeft(decodeTranslated(body), toInvalidInput), (request) =>
      Either.map(texts(request.input, providerTypeLabels[provider.type]), (inputs) => ({
        model,
        inputs,
        ...(request.dimensions == null ? {} : { dimensions: request.dimensions })
      }))
    )
