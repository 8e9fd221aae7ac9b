/**
 * What frontends send to create or change providers and models, as Schemas. The `Providers` service decodes every
 * input with these (the server's request validation and OpenAPI document use the same ones), and a failure becomes
 * one `InvalidInput` naming the field.
 */
import { Effect, ParseResult, Schema } from "effect"
import { BaseUrlField } from "./BaseUrl"
import { InvalidInput } from "./Errors"
import { ModelId } from "./Model"
import { Capability } from "./ModelCapabilities"
import { ProviderType } from "./ProviderType"

// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const controlChars = /[\u0000-\u001f\u007f]/

export const ProviderName = Schema.Trim.pipe(
  Schema.filter((name) => name.length >= 1 || "must not be empty"),
  Schema.filter((name) => name.length <= 64 || "must be at most 64 characters"),
  Schema.filter((name) => !controlChars.test(name) || "must not contain control characters")
)

export const ApiKeyField = Schema.Trim.pipe(
  Schema.filter((key) => key.length >= 1 || "must not be empty; leave the list empty for a keyless server"),
  Schema.filter((key) => key.length <= 1024 || "must be at most 1024 characters"),
  Schema.filter((key) => !/\s/.test(key) || "must not contain spaces or line breaks")
)

export const ApiVersionField = Schema.Trim.pipe(
  Schema.filter((v) => /^[A-Za-z0-9._-]{1,32}$/.test(v) || "must look like 2024-10-21 or v1")
)

const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/
const reservedHeaders = new Set(["host", "content-length", "transfer-encoding", "connection"])

export const HeadersField = Schema.Record({ key: Schema.String, value: Schema.String }).pipe(
  Schema.filter((headers) => {
    for (const [name, value] of Object.entries(headers)) {
      if (!headerName.test(name)) return `"${name}" is not a valid header name`
      if (reservedHeaders.has(name.toLowerCase())) return `"${name}" is set by Switchboard and cannot be overridden`
      if (/[\r\n\0]/.test(value) || value.length > 8192) return `the value of "${name}" must be one line under 8192 characters`
    }
    return Object.keys(headers).length <= 64 || "at most 64 headers"
  })
)

export const TimeoutsPatch = Schema.Struct({
  firstByteMs: Schema.optional(Schema.Int.pipe(Schema.between(100, 3_600_000))),
  idleMs: Schema.optional(Schema.Int.pipe(Schema.between(100, 3_600_000))),
  verifyMs: Schema.optional(Schema.Int.pipe(Schema.between(100, 600_000))),
  maxRetries: Schema.optional(Schema.Int.pipe(Schema.between(0, 10)))
})

export const ModelName = Schema.Trim.pipe(
  Schema.filter((name) => name.length >= 1 || "must not be empty"),
  Schema.filter((name) => name.length <= 128 || "must be at most 128 characters")
)

export const ModelGroup = Schema.Trim.pipe(
  Schema.filter((group) => group.length >= 1 || "must not be empty"),
  Schema.filter((group) => group.length <= 64 || "must be at most 64 characters")
)

/** Capability overrides: `true`/`false` set one, `null` goes back to the inferred value. */
export const CapabilityOverrides = Schema.partial(Schema.Record({ key: Capability, value: Schema.NullOr(Schema.Boolean) }))

export const NewModel = Schema.Union(
  ModelId,
  Schema.Struct({
    id: ModelId,
    name: Schema.optional(ModelName),
    group: Schema.optional(ModelGroup),
    capabilities: Schema.optional(CapabilityOverrides),
    contextLength: Schema.optional(Schema.Int.pipe(Schema.positive())),
    ownedBy: Schema.optional(Schema.String)
  })
)
export type NewModel = typeof NewModel.Type

export const NewProvider = Schema.Struct({
  name: ProviderName,
  /** Required unless `preset` gives it. */
  type: Schema.optional(ProviderType),
  /** A preset id (`vllm`, `ollama`, `openai`, …) filling type, base URL and api version. */
  preset: Schema.optional(Schema.String),
  baseUrl: Schema.optional(BaseUrlField),
  apiKeys: Schema.optional(Schema.Array(ApiKeyField)),
  apiVersion: Schema.optional(ApiVersionField),
  headers: Schema.optional(HeadersField),
  timeouts: Schema.optional(TimeoutsPatch),
  enabled: Schema.optional(Schema.Boolean),
  models: Schema.optional(Schema.Array(NewModel))
})
export type NewProvider = typeof NewProvider.Encoded

/** In `apiKeys`, a string is a new key and `{ id }` keeps a stored one; the list replaces the stored list. */
export const ApiKeyEntry = Schema.Union(ApiKeyField, Schema.Struct({ id: Schema.String }))

export const ProviderPatch = Schema.Struct({
  name: Schema.optional(ProviderName),
  type: Schema.optional(ProviderType),
  baseUrl: Schema.optional(BaseUrlField),
  apiKeys: Schema.optional(Schema.Array(ApiKeyEntry)),
  /** `null` removes it. */
  apiVersion: Schema.optional(Schema.NullOr(ApiVersionField)),
  headers: Schema.optional(HeadersField),
  timeouts: Schema.optional(TimeoutsPatch),
  enabled: Schema.optional(Schema.Boolean)
})
export type ProviderPatch = typeof ProviderPatch.Encoded

export const ModelPatch = Schema.Struct({
  name: Schema.optional(ModelName),
  group: Schema.optional(ModelGroup),
  capabilities: Schema.optional(CapabilityOverrides)
})
export type ModelPatch = typeof ModelPatch.Encoded

/**
 * Decodes frontend input, rejecting unknown fields; the first problem becomes an `InvalidInput` whose `field` is the
 * path to it (`apiKeys[1]`, `timeouts.idleMs`).
 */
export const decodeInput =
  <A, I>(schema: Schema.Schema<A, I>, root?: string) =>
  (input: unknown): Effect.Effect<A, InvalidInput> =>
    Schema.decodeUnknown(schema, { onExcessProperty: "error", errors: "first" })(input).pipe(
      Effect.mapError((error) => toInvalidInput(error, root))
    )

export const toInvalidInput = (error: ParseResult.ParseError, root?: string): InvalidInput => {
  const [issue] = ParseResult.ArrayFormatter.formatErrorSync(error)
  const path = (issue?.path ?? []).reduce<string>(
    (acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc === "" ? String(key) : `${acc}.${String(key)}`),
    root ?? ""
  )
  return new InvalidInput({ field: path === "" ? "body" : path, problem: issue?.message ?? "is invalid" })
}
