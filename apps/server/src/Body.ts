/**
 * Request validation, from the same Schemas the core decodes with (`@switchboard/core/ProviderInput`) and the OpenAPI
 * document is made of. `jsonBody(schema)` is Hono middleware: it checks the content type (415), reads at most
 * `maxBytes` (413), parses (400 malformed JSON, or nested past `maxJsonDepth`) and decodes rejecting unknown fields
 * (400 naming the field), so a handler only ever sees valid input and a bad request never reaches the store. Its types
 * feed the typed client.
 */
import type { IncomingMessage } from "node:http"
import { toInvalidInput } from "@switchboard/core/domain/ProviderInput"
import { Either, Schema } from "effect"
import type { Env, MiddlewareHandler } from "hono"
import { errorResponse } from "./ErrorResponse"
import type { ErrorStyle } from "./ErrorTable"
import { MalformedJson, NestedTooDeep, PayloadTooLarge, UnsupportedMediaType } from "./HttpErrors"
import { maxJsonDepth, nestsDeeperThan } from "./JsonDepth"

/** Ordinary API bodies: a provider with many models and headers stays far below this. */
export const defaultMaxBytes = 1024 * 1024

/** Chat bodies carry whole conversations, and imports whole configurations. */
export const largeMaxBytes = 16 * 1024 * 1024

export interface BodyOptions {
  readonly maxBytes?: number
  /** An empty body counts as `{}` (for endpoints whose every field is optional). */
  readonly optional?: boolean
  readonly style?: ErrorStyle
}

const jsonType = /^application\/(?:[\w.-]+\+)?json$/i

const mediaType = (header: string | undefined) => (header ?? "").split(";")[0]!.trim().toLowerCase()

/** The body as text, stopping at `maxBytes` whether or not the client declared a length. */
const readText = async (request: Request, maxBytes: number): Promise<string | PayloadTooLarge> => {
  const declared = request.headers.get("content-length")
  if (declared !== null && Number(declared) > maxBytes) return new PayloadTooLarge({ maxBytes })
  if (declared !== null) return request.text()
  if (request.body === null) return ""
  const reader = request.body.getReader()
  const chunks: Array<Uint8Array> = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      await reader.cancel()
      return new PayloadTooLarge({ maxBytes })
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString("utf8")
}

/** The same from Node's request (a web `Request` on Node is built by copying it). */
const readNodeText = (incoming: IncomingMessage, maxBytes: number): Promise<string | PayloadTooLarge> =>
  new Promise((resolve, reject) => {
    const declared = incoming.headers["content-length"]
    if (declared !== undefined && Number(declared) > maxBytes) return resolve(new PayloadTooLarge({ maxBytes }))
    const chunks: Array<Buffer> = []
    let total = 0
    incoming.on("data", (chunk: Buffer) => {
      total += chunk.byteLength
      // Answered at once; the rest is read and dropped (the 413 closes the connection).
      if (total > maxBytes) {
        chunks.length = 0
        resolve(new PayloadTooLarge({ maxBytes }))
      } else chunks.push(chunk)
    })
    incoming.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    incoming.on("error", reject)
  })

export type Parsed =
  | { readonly value: unknown }
  | MalformedJson
  | NestedTooDeep
  | PayloadTooLarge
  | UnsupportedMediaType

/** Reads and parses a JSON body; exported for the gateway, which decodes on its own. */
export const readJson = async (request: Request, options: BodyOptions = {}): Promise<Parsed> =>
  parseJson(
    request.headers.get("content-type") ?? undefined,
    await readText(request, options.maxBytes ?? defaultMaxBytes),
    options
  )

/** What was read of each Node request: its body can be read only once, and more than one reader may ask for it. */
const readBodies = new WeakMap<IncomingMessage, Promise<Parsed>>()

/**
 * `readJson` from Node's request. A second read of the same request answers what the first read (with the first
 * read's options), so whatever answers the request can read the body even if something before it already did.
 */
export const readNodeJson = (incoming: IncomingMessage, options: BodyOptions = {}): Promise<Parsed> => {
  let parsed = readBodies.get(incoming)
  if (parsed === undefined) {
    parsed = readNodeText(incoming, options.maxBytes ?? defaultMaxBytes).then((text) =>
      parseJson(incoming.headers["content-type"], text, options)
    )
    readBodies.set(incoming, parsed)
  }
  return parsed
}

const parseJson = (contentType: string | undefined, text: string | PayloadTooLarge, options: BodyOptions): Parsed => {
  const type = mediaType(contentType)
  if (typeof text !== "string") return text
  if (text.trim() === "" && options.optional) return { value: {} }
  if (!jsonType.test(type)) return new UnsupportedMediaType({ received: type })
  // Every client's JSON comes through here: nothing after the parse may meet a body deep enough to overflow the stack.
  if (nestsDeeperThan(text)) return new NestedTooDeep({ maxDepth: maxJsonDepth })
  try {
    return { value: JSON.parse(text) as unknown }
  } catch (error) {
    return new MalformedJson({ detail: syntaxDetail(error) })
  }
}

/**
 * What is wrong with the JSON, in the parser's words but never quoting the body: V8 quotes about ten characters of it
 * (`Unexpected token 's', "{"k": sk-live-01"...`), and the body may hold an API key. Only the syntax and the position
 * are kept; any message with more in it becomes a plain "it does not parse".
 */
const syntaxDetail = (error: unknown): string => {
  if (!(error instanceof SyntaxError)) return "it does not parse"
  const position = /at position (\d+)/.exec(error.message)?.[1]
  if (error.message.startsWith("Unexpected token"))
    return position === undefined ? "an unexpected character" : `an unexpected character at position ${position}`
  return /^[A-Za-z0-9 ,.'{}[\]:()]{1,120}$/.test(error.message) ? error.message : "it does not parse"
}

/**
 * Parsed JSON typed as the core input it is meant to be, without checking it here: for a body the core validates
 * whole itself (an imported configuration, whose format and versions only the core knows). The one place the server
 * types untrusted JSON; at run time the value is still anything, and the core's decode says what is wrong with it.
 */
export const untrusted = <T>(value: unknown): T => value as T

/** Decodes `input` with `schema`, rejecting unknown fields; a failure is one `InvalidInput` naming the field. */
export const decode = <A, I>(schema: Schema.Schema<A, I>) => {
  const decodeEither = Schema.decodeUnknownEither(schema, { onExcessProperty: "error", errors: "first" })
  return (input: unknown) => Either.mapLeft(decodeEither(input), (error) => toInvalidInput(error))
}

/** Validates the JSON body against `schema`; the handler reads it with `c.req.valid("json")`. */
export const jsonBody = <A, I>(
  schema: Schema.Schema<A, I>,
  options: BodyOptions = {}
): MiddlewareHandler<Env, string, { in: { json: I }; out: { json: A } }> => {
  const decodeBody = decode(schema)
  const style = options.style ?? "rest"
  return async (c, next) => {
    const parsed = await readJson(c.req.raw, options)
    if (!("value" in parsed)) return errorResponse(c, parsed, style)
    const decoded = decodeBody(parsed.value)
    if (Either.isLeft(decoded)) return errorResponse(c, decoded.left, style)
    c.req.addValidatedData("json", decoded.right as {})
    await next()
  }
}

/** Validates the query string against `schema` (single values as strings); read with `c.req.valid("query")`. */
export const queryParams = <A, I>(
  schema: Schema.Schema<A, I>
): MiddlewareHandler<Env, string, { in: { query: I }; out: { query: A } }> => {
  const decodeQuery = decode(schema)
  return async (c, next) => {
    const decoded = decodeQuery(c.req.query())
    if (Either.isLeft(decoded)) return errorResponse(c, decoded.left, "rest")
    c.req.addValidatedData("query", decoded.right as {})
    await next()
  }
}
