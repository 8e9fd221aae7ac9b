/**
 * What frontends send to create or change providers and models, as Schemas, with their encoded forms as the types
 * the `Providers` service takes (so a caller building input gets compile-time help). The service still decodes every
 * input with these, since REST bodies and typed text are untrusted at run time (the server's request validation and
 * OpenAPI document use the same ones), and a failure becomes one `InvalidInput` naming the field and saying what is
 * wrong, in words a user can act on.
 */
import { Effect, type ParseResult, Schema, SchemaAST } from "effect"
import { BaseUrlField } from "../BaseUrl"
import { InvalidInput } from "./Errors"
import { excerpt } from "./Excerpt"
import { ModelId } from "./Model"
import { Capability } from "./ModelCapabilities"
import { Pricing } from "./ModelPricing"
import { presets } from "../Presets"
import { ProviderType } from "./ProviderType"
import { maxSlugLength } from "./Slug"

/** C0 controls, DEL and C1 controls: invisible, and they break terminals, headers and logs. */
const controlChars = /\p{Cc}/u

/**
 * Half of a UTF-16 surrogate pair on its own: a broken character (from a cut emoji) that no UTF-8 file, terminal or
 * SQLite text can hold, so a name with one would not come back as it was typed.
 */
const loneSurrogate = /\p{Cs}/u
const wellFormed = (text: string) =>
  !loneSurrogate.test(text) || "must not contain a broken character (half of an emoji or other symbol); type it again"

export const ProviderName = Schema.Trim.pipe(
  Schema.filter((name) => name.length >= 1 || "must not be empty"),
  Schema.filter((name) => name.length <= 64 || "must be at most 64 characters"),
  Schema.filter((name) => !controlChars.test(name) || "must not contain control characters"),
  Schema.filter(wellFormed)
)

/**
 * Characters no HTTP header can carry (Node sends Latin-1 only): a key or header value holding one was accepted and then
 * failed every call as a "network" error, far from where it was typed.
 */
const beyondLatin1 = /[\u0100-\u{10ffff}]/u
const notLatin1 = "must hold only characters an HTTP header can carry: no Cyrillic, emoji or other non-Latin-1 letters"

export const ApiKeyField = Schema.Trim.pipe(
  Schema.filter((key) => key.length >= 1 || "must not be empty; leave the list empty for a keyless server"),
  Schema.filter((key) => key.length <= 1024 || "must be at most 1024 characters"),
  Schema.filter((key) => !/\s/.test(key) || "must not contain spaces or line breaks"),
  Schema.filter((key) => !controlChars.test(key) || "must not contain control characters; paste the key again"),
  Schema.filter((key) => !beyondLatin1.test(key) || `${notLatin1}; paste the key again`)
)

/** A list of new keys; the same key twice is a paste mistake, reported without echoing the key. */
const ApiKeyList = Schema.Array(ApiKeyField)
  .pipe(
    Schema.filter((keys) => {
      const index = keys.findIndex((key, i) => keys.indexOf(key) !== i)
      return index === -1 || { path: [index], message: `repeats the key at apiKeys[${keys.indexOf(keys[index]!)}]` }
    })
  )
  .annotations({ description: "a list of API keys" })

/**
 * Azure OpenAI's `api-version`: a dated version (`2024-10-21`, `2025-04-01-preview`), or `v1` (or `latest`,
 * `preview`) for the v1 API. Anything else was accepted and then failed every call with Azure's 404.
 */
export const ApiVersionField = Schema.Trim.pipe(
  Schema.filter(
    (v) =>
      /^(?:\d{4}-\d{2}-\d{2}(?:-preview)?|v1|latest|preview)$/.test(v) ||
      "must be Azure's api-version: a date like 2024-10-21 (or 2025-04-01-preview), or v1"
  )
)

/** An id the user chooses for a new provider: what the CLI and the gateway's `<provider id>/<model id>` are typed with. */
export const ProviderIdField = Schema.String.pipe(
  Schema.filter((id) => id.length >= 1 || "must not be empty"),
  Schema.filter((id) => id.length <= maxSlugLength || `must be at most ${maxSlugLength} characters`),
  Schema.filter(
    (id) =>
      /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id) ||
      "must be lowercase ASCII letters and digits, joined by single dashes (like my-vllm)"
  )
)

const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/
const reservedHeaders = new Set(["host", "content-length", "transfer-encoding", "connection"])
// Tabs are legal inside a header value; every other control character (C0, DEL, C1) is not.
// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
const headerValueControl = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/

/** Headers, strictly; `maskedOk` lets the mask's `…` through, for a client sending back a masked value it was shown. */
const headersField = (maskedOk: boolean) =>
  Schema.Record({ key: Schema.String, value: Schema.String })
    .pipe(
      Schema.filter((headers) => {
        const names = Object.keys(headers)
        if (names.length > 64) return "must hold at most 64 headers"
        for (const [name, value] of Object.entries(headers)) {
          if (!headerName.test(name)) return `"${excerpt(name)}" is not a valid header name (letters, digits and -)`
          if (reservedHeaders.has(name.toLowerCase()))
            return `"${excerpt(name)}" is set by Switchboard and cannot be overridden`
          if (headerValueControl.test(value))
            return { path: [name], message: "must be one line without control characters" }
          if (beyondLatin1.test(maskedOk ? value.replaceAll("…", "") : value))
            return { path: [name], message: notLatin1 }
          if (value.length > 8192) return { path: [name], message: "must be at most 8192 characters" }
        }
        return true
      })
    )
    .annotations({ description: "an object of header names to values" })

export const HeadersField = headersField(false)

/**
 * `HeadersField` as a REST client sends it back: a credential header still masked as it was shown (`Bearer sk-…abcd`)
 * passes here, the server restores its stored value, and the core then checks the result with `HeadersField`.
 */
export const MaskedHeadersField = headersField(true)

const milliseconds = (max: number, label: string) =>
  Schema.Int.pipe(Schema.between(100, max)).annotations({
    description: `a whole number of milliseconds from 100 to ${max} (${label})`
  })

export const TimeoutsPatch = Schema.Struct({
  firstByteMs: Schema.optional(milliseconds(3_600_000, "one hour")),
  idleMs: Schema.optional(milliseconds(3_600_000, "one hour")),
  verifyMs: Schema.optional(milliseconds(600_000, "ten minutes")),
  maxRetries: Schema.optional(
    Schema.Int.pipe(Schema.between(0, 10)).annotations({ description: "a whole number from 0 to 10" })
  )
})

export const ModelName = Schema.Trim.pipe(
  Schema.filter((name) => name.length >= 1 || "must not be empty"),
  Schema.filter((name) => name.length <= 128 || "must be at most 128 characters"),
  Schema.filter((name) => !controlChars.test(name) || "must not contain control characters"),
  Schema.filter(wellFormed)
)

export const ModelGroup = Schema.Trim.pipe(
  Schema.filter((group) => group.length >= 1 || "must not be empty"),
  Schema.filter((group) => group.length <= 64 || "must be at most 64 characters"),
  Schema.filter((group) => !controlChars.test(group) || "must not contain control characters"),
  Schema.filter(wellFormed)
)

/** Capability overrides: `true`/`false` set one, `null` goes back to the inferred value. */
export const CapabilityOverrides = Schema.partial(
  Schema.Record({ key: Capability, value: Schema.NullOr(Schema.Boolean) })
)

/** A model id as a user types it: also whole characters only (stored ids are read with the plain `ModelId`). */
const NewModelId = ModelId.pipe(Schema.filter(wellFormed))

export const NewModel = Schema.Union(
  NewModelId,
  Schema.Struct({
    id: NewModelId,
    name: Schema.optional(ModelName),
    group: Schema.optional(ModelGroup),
    capabilities: Schema.optional(CapabilityOverrides),
    contextLength: Schema.optional(
      Schema.Int.pipe(Schema.positive()).annotations({ description: "a whole number of tokens above 0" })
    ),
    ownedBy: Schema.optional(
      Schema.String.pipe(
        Schema.filter((owner) => owner.length <= 256 || "must be at most 256 characters"),
        Schema.filter(wellFormed)
      )
    )
  })
).annotations({ description: 'a model id or an object like { "id": "gpt-4o" }' })
export type NewModel = typeof NewModel.Encoded

/** What `Providers.addModels` takes: one model or a list of them. */
export type NewModels = NewModel | ReadonlyArray<NewModel>

const presetIds = presets.map((preset) => preset.id)

/** A preset id; an unknown one is an input error listing the known ones. */
export const PresetField = Schema.String.pipe(
  Schema.filter((id) => presetIds.includes(id) || `is not a known preset; use one of ${presetIds.join(", ")}`)
)

export const NewProvider = Schema.Struct({
  name: ProviderName,
  /** Made from the name when absent (`"My vLLM"` → `my-vllm`). */
  id: Schema.optional(ProviderIdField),
  /** Required unless `preset` gives it. */
  type: Schema.optional(ProviderType),
  /** A preset id (`vllm`, `ollama`, `openai`, …) filling type, base URL and api version. */
  preset: Schema.optional(PresetField),
  baseUrl: Schema.optional(BaseUrlField),
  apiKeys: Schema.optional(ApiKeyList),
  apiVersion: Schema.optional(ApiVersionField),
  headers: Schema.optional(HeadersField),
  timeouts: Schema.optional(TimeoutsPatch),
  enabled: Schema.optional(Schema.Boolean),
  models: Schema.optional(Schema.Array(NewModel).annotations({ description: "a list of model ids" }))
})
export type NewProvider = typeof NewProvider.Encoded

/** In `apiKeys`, a string is a new key and `{ id }` keeps a stored one; the list replaces the stored list. */
export const ApiKeyEntry = Schema.Union(
  ApiKeyField,
  Schema.Struct({ id: Schema.String.pipe(Schema.filter((id) => id.length >= 1 || "must not be empty")) })
).annotations({ description: 'a new key, or { "id": … } to keep a stored one' })

export const ProviderPatch = Schema.Struct({
  name: Schema.optional(ProviderName),
  type: Schema.optional(ProviderType),
  baseUrl: Schema.optional(BaseUrlField),
  apiKeys: Schema.optional(Schema.Array(ApiKeyEntry).annotations({ description: "a list of API keys" })),
  /** `null` removes it. */
  apiVersion: Schema.optional(Schema.NullOr(ApiVersionField)),
  headers: Schema.optional(HeadersField),
  timeouts: Schema.optional(TimeoutsPatch),
  enabled: Schema.optional(Schema.Boolean)
})
export type ProviderPatch = typeof ProviderPatch.Encoded

/** A token count the user sets on a model (context window, max output). */
const ModelTokens = Schema.Int.pipe(Schema.between(1, 100_000_000)).annotations({
  description: "a whole number of tokens from 1 to 100000000"
})

/**
 * The user's settings of one model; each wins over the provider's and the catalog's value, and `null` goes back to
 * theirs. `pricing` replaces the whole price list (prices per million tokens, in `currency`).
 */
export const ModelPatch = Schema.Struct({
  name: Schema.optional(ModelName),
  group: Schema.optional(ModelGroup),
  capabilities: Schema.optional(CapabilityOverrides),
  contextWindow: Schema.optional(Schema.NullOr(ModelTokens)),
  maxOutputTokens: Schema.optional(Schema.NullOr(ModelTokens)),
  pricing: Schema.optional(Schema.NullOr(Pricing))
})
export type ModelPatch = typeof ModelPatch.Encoded

/**
 * Decodes frontend input, rejecting unknown fields; the first problem becomes an `InvalidInput` whose `field` is the
 * path to it (`apiKeys[1]`, `timeouts.idleMs`), prefixed with `root` when given (`models` → `models[0].id`).
 */
export const decodeInput =
  <A, I>(schema: Schema.Schema<A, I>, root?: string) =>
  (input: unknown): Effect.Effect<A, InvalidInput> =>
    Schema.decodeUnknown(schema, { onExcessProperty: "error", errors: "first" })(input).pipe(
      Effect.mapError((error) => toInvalidInput(error, root))
    )

export const toInvalidInput = (error: ParseResult.ParseError, root?: string): InvalidInput => {
  const { path, problem } = firstProblem(error.issue, [])
  // A name in the path may be anything the client sent (an unknown field, a header name): quoted only as an excerpt.
  const field = path.reduce<string>(
    (acc, key) =>
      typeof key === "number" ? `${acc}[${key}]` : acc === "" ? excerpt(String(key)) : `${acc}.${excerpt(String(key))}`,
    root ?? ""
  )
  return new InvalidInput({ field: field === "" ? "body" : field, problem })
}

interface Problem {
  readonly path: ReadonlyArray<PropertyKey>
  readonly problem: string
}

/**
 * The one problem to report. Effect's own wording echoes the input (possibly an API key) and prints schema internals,
 * so the wording is ours: what the field must be and what kind of value came. Where a union failed (a model given
 * as an id or an object), the member that got furthest into the input tells what is wrong.
 */
const firstProblem = (
  issue: ParseResult.ParseIssue,
  path: ReadonlyArray<PropertyKey>,
  described?: SchemaAST.AST
): Problem => {
  switch (issue._tag) {
    case "Pointer":
      return firstProblem(issue.issue, [...path, ...(Array.isArray(issue.path) ? issue.path : [issue.path])])
    case "Refinement":
    case "Transformation":
      // The outermost description says the most (`a whole number of milliseconds from 100 to …`, not `an integer`).
      return firstProblem(issue.issue, path, described ?? (hasDescription(issue.ast) ? issue.ast : undefined))
    case "Composite": {
      const issues = Array.isArray(issue.issues) ? issue.issues : [issue.issues]
      if (SchemaAST.isUnion(issue.ast) && issues.every(isTypeMismatch))
        return { path, problem: mustBe(described ?? issue.ast, issue.actual) }
      const problems = issues.filter((inner) => !isTypeMismatch(inner)).map((inner) => firstProblem(inner, path))
      const candidates = problems.length > 0 ? problems : issues.map((inner) => firstProblem(inner, path))
      return candidates.reduce((best, next) => (next.path.length > best.path.length ? next : best))
    }
    case "Type":
      return { path, problem: issue.message ?? mustBe(described ?? issue.ast, issue.actual) }
    case "Missing":
      return { path, problem: "is required" }
    case "Unexpected":
      return { path, problem: "is not a known field; remove it or check its spelling" }
    case "Forbidden":
      return { path, problem: issue.message ?? "could not be checked" }
  }
}

const hasDescription = (ast: SchemaAST.AST) =>
  !SchemaAST.isTransformation(ast) && SchemaAST.getDescriptionAnnotation(ast)._tag === "Some"

/** A failure that only says "this is not the right kind of value", with nothing more specific inside. */
const isTypeMismatch = (issue: ParseResult.ParseIssue): boolean => {
  switch (issue._tag) {
    case "Type":
      return issue.message === undefined && !SchemaAST.isRefinement(issue.ast)
    case "Refinement":
      return issue.kind === "From" && isTypeMismatch(issue.issue)
    case "Transformation":
      return isTypeMismatch(issue.issue)
    default:
      return false
  }
}

/**
 * What the field must be and what kind of value came. A string is never quoted back: it may be an API key pasted into
 * the wrong field, and the user can see what they typed anyway.
 */
const mustBe = (ast: SchemaAST.AST, actual: unknown) =>
  typeof actual === "string" && isLiteralChoice(ast)
    ? `must be ${expected(ast)}`
    : `must be ${expected(ast)}; got ${kindOf(actual)}`

/** A union's members, leaving out the `undefined` that `Schema.optional` adds (a user never types it). */
const members = (ast: SchemaAST.Union): ReadonlyArray<SchemaAST.AST> =>
  ast.types.filter((member) => member._tag !== "UndefinedKeyword")

const isLiteralChoice = (ast: SchemaAST.AST): boolean =>
  SchemaAST.isLiteral(ast) || (SchemaAST.isUnion(ast) && members(ast).every(isLiteralChoice))

/** What a schema expects, in words. */
const expected = (ast: SchemaAST.AST): string => {
  // Trim describes its input as "a string that will be trimmed", which is no help to the user.
  if (SchemaAST.isTransformation(ast)) return expected(ast.from)
  if (SchemaAST.isStringKeyword(ast)) return "a string"
  const described = SchemaAST.getDescriptionAnnotation(ast)
  if (described._tag === "Some") return described.value
  switch (ast._tag) {
    case "Literal":
      return JSON.stringify(ast.literal)
    case "Union": {
      const choices = members(ast).flatMap((member) => (SchemaAST.isUnion(member) ? members(member) : [member]))
      return choices.every(SchemaAST.isLiteral)
        ? `one of ${choices.map(expected).join(", ")}`
        : choices.map(expected).join(" or ")
    }
    case "TupleType":
      return "a list"
    case "TypeLiteral":
      return ast.indexSignatures.length > 0 ? "an object of names to values" : "an object"
    case "Refinement":
      return expected(ast.from)
    default:
      return "a valid value"
  }
}

/** The kind of value that came: numbers, booleans and null as they are, anything else by its kind only. */
const kindOf = (actual: unknown): string => {
  if (actual === null) return "null"
  if (Array.isArray(actual)) return "a list"
  if (typeof actual === "string") return "a string"
  if (typeof actual === "number" || typeof actual === "boolean") return String(actual)
  if (typeof actual === "object") return "an object"
  return typeof actual
}
