/**
 * The embeddings a `FakeProvider` answers: OpenAI's `POST /v1/embeddings` (OpenAI-compatible and Responses servers),
 * Azure's per deployment (`/openai/deployments/<name>/embeddings`, or the `v1` API's), and Gemini's
 * `models/<model>:batchEmbedContents`. Each vector is derived from its text alone (`vectorOf`), so a test can tell
 * which vector answers which text, and is as long as the `dimensions` (`outputDimensionality`) asked. OpenAI's answer
 * is base64 when the client asks (`encoding_format`), as OpenAI's is. A request these servers would refuse gets their
 * 400.
 */
import type { Handler, ReceivedRequest } from "./FakeUpstream"
import type { Protocol } from "./FakeProvider"
import * as Answers from "./Answers"
import * as GeminiFrames from "./GeminiFrames"
import * as OpenAiFrames from "./OpenAiFrames"

/** A vector's length when no dimensions are asked. */
export const defaultDimensions = 8

/**
 * The vector of `text`: `dimensions` numbers in [-1, 1) from an FNV-1a hash of the text and the position. Each is a
 * multiple of 1/1024, so float32 holds it exactly and a base64 answer decodes to the very same numbers.
 */
export const vectorOf = (text: string, dimensions: number = defaultDimensions): Array<number> =>
  Array.from({ length: dimensions }, (_, position) => {
    let hash = 0x811c9dc5 ^ position
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
    return ((hash >>> 0) % 2048) / 1024 - 1
  })

/** OpenAI's base64 form of a vector: its float32 values, little-endian. */
export const base64Of = (vector: ReadonlyArray<number>): string => {
  const bytes = Buffer.alloc(vector.length * 4)
  for (const [index, value] of vector.entries()) bytes.writeFloatLE(value, index * 4)
  return bytes.toString("base64")
}

/** The text a token-array input is embedded as (`tokens:1,2,3`), so its vector is as deterministic as a text's. */
export const tokensText = (tokens: ReadonlyArray<number>): string => `tokens:${tokens.join(",")}`

/** A text's token count in usage: its words. */
const tokenCount = (text: string) => text.split(/\s+/).filter((word) => word !== "").length

const isTokens = (value: unknown): value is ReadonlyArray<number> =>
  Array.isArray(value) && value.length > 0 && value.every(Number.isInteger)

/** OpenAI's `input` as texts: a string, strings, a token array or token arrays; `undefined` when it is none. */
const openAiTexts = (input: unknown): ReadonlyArray<string> | undefined => {
  if (typeof input === "string") return input === "" ? undefined : [input]
  if (!Array.isArray(input) || input.length === 0) return undefined
  const items: ReadonlyArray<unknown> = input
  if (items.every((item) => typeof item === "string")) return items as ReadonlyArray<string>
  if (isTokens(items)) return [tokensText(items)]
  if (items.every(isTokens)) return (items as ReadonlyArray<ReadonlyArray<number>>).map(tokensText)
  return undefined
}

const refuse = (message: string) => Answers.json(400, OpenAiFrames.error(message))

/** OpenAI's answer to one embeddings request, `model` the one it names (the body's, or Azure's deployment). */
const openAiAnswer =
  (model: string): Handler =>
  (request, res) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    const texts = openAiTexts(body.input)
    if (texts === undefined) return refuse("'input' must be a non-empty string or array")(request, res)
    const { dimensions, encoding_format: format = "float" } = body
    if (dimensions !== undefined && !(Number.isInteger(dimensions) && (dimensions as number) > 0))
      return refuse("'dimensions' must be a positive integer")(request, res)
    if (format !== "float" && format !== "base64")
      return refuse("'encoding_format' must be 'float' or 'base64'")(request, res)
    const tokens = texts.reduce((sum, text) => sum + tokenCount(text), 0)
    return Answers.json(200, {
      object: "list",
      data: texts.map((text, index) => {
        const vector = vectorOf(text, (dimensions as number | undefined) ?? defaultDimensions)
        return { object: "embedding", index, embedding: format === "base64" ? base64Of(vector) : vector }
      }),
      model,
      usage: { prompt_tokens: tokens, total_tokens: tokens }
    })(request, res)
  }

interface GeminiRequest {
  readonly model?: unknown
  readonly content?: { readonly parts?: ReadonlyArray<{ readonly text?: unknown }> }
  readonly outputDimensionality?: unknown
}

/** Gemini's answer to `batchEmbedContents` of `model`: as Google's, every request must name that model. */
const geminiAnswer =
  (model: string): Handler =>
  (request, res) => {
    const requests = (request.body as { requests?: ReadonlyArray<GeminiRequest> } | undefined)?.requests
    const invalid = (message: string) =>
      Answers.json(400, GeminiFrames.error(message, "INVALID_ARGUMENT", 400))(request, res)
    if (!Array.isArray(requests) || requests.length === 0)
      return invalid("* BatchEmbedContentsRequest.requests: required")
    if (requests.length > 100)
      return invalid("* BatchEmbedContentsRequest.requests: at most 100 requests can be in one batch")
    const embeddings = []
    for (const [index, one] of requests.entries()) {
      if (one.model !== `models/${model}`)
        return invalid(`* BatchEmbedContentsRequest.requests[${index}].model: must be models/${model}`)
      const texts = (one.content?.parts ?? []).map((part: { readonly text?: unknown }) => part.text)
      if (texts.length === 0 || !texts.every((text: unknown) => typeof text === "string"))
        return invalid(`* BatchEmbedContentsRequest.requests[${index}].content: must hold text parts`)
      const dimensions = one.outputDimensionality as number | undefined
      embeddings.push({ values: vectorOf(texts.join(""), dimensions ?? defaultDimensions) })
    }
    return Answers.json(200, { embeddings })(request, res)
  }

/** The model a request's body names, or nothing. */
const bodyModel = (request: ReceivedRequest) => String((request.body as { model?: unknown } | undefined)?.model ?? "")

/** The answer to `request` when it is an embeddings request of `protocol`; `undefined` when it is not one. */
export const embeddingsHandler = (protocol: Protocol, request: ReceivedRequest): Handler | undefined => {
  if (request.method !== "POST") return undefined
  switch (protocol) {
    case "anthropic":
      return undefined
    case "azure": {
      const deployment = /^\/openai\/deployments\/([^/]+)\/embeddings$/.exec(request.path)
      if (deployment !== null) return openAiAnswer(decodeURIComponent(deployment[1]!))
      return request.path === "/openai/v1/embeddings" ? openAiAnswer(bodyModel(request)) : undefined
    }
    case "gemini": {
      const method = /^\/v1beta\/models\/([^/:]+):batchEmbedContents$/.exec(request.path)
      return method === null ? undefined : geminiAnswer(decodeURIComponent(method[1]!))
    }
    default:
      // OpenAI's own servers, Chat Completions or Responses: the model is the body's.
      return request.path === "/v1/embeddings" ? openAiAnswer(bodyModel(request)) : undefined
  }
}
