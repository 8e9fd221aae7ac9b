/**
 * Generators of bad requests for the bad-input drill (fast-check). Each endpoint is described by a valid base body
 * and, per field, values that are certainly wrong for it (wrong JSON type, empty or oversized strings, control
 * characters, out-of-range numbers); a sample takes the base and breaks it one way: a wrong field, an unknown field,
 * a missing required field, a body of the wrong JSON type, text that is not JSON, or the wrong content type. Path
 * parameters get path tricks (dot segments, encoded slashes, NUL, overlong, odd unicode) instead.
 */
import fc from "fast-check"

export interface BadBody {
  readonly body: string | undefined
  readonly contentType: string | undefined
  /** What was broken, for the failure message. */
  readonly defect: string
}

type Json = unknown

const scalar = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null)
)
const anyJson = fc.jsonValue({ maxDepth: 2 })

/** A JSON value of any type but `kind` (and never `null` where the field accepts it). */
export const notA = (
  kind: "string" | "boolean" | "number" | "array" | "object",
  nullable = false
): fc.Arbitrary<Json> =>
  fc
    .oneof(
      fc.string({ maxLength: 8 }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(scalar, { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 5 }), scalar, { maxKeys: 2 })
    )
    .filter((value) => {
      if (value === null) return !nullable
      if (Array.isArray(value)) return kind !== "array"
      return typeof value !== kind
    })

const controlChar = fc.integer({ min: 0, max: 31 }).map((code) => String.fromCharCode(code))

/** Strings a bounded text field (a name, a group) must refuse: empty, blank, too long, with control characters. */
export const badText = (max: number) =>
  fc.oneof(
    fc.constantFrom("", "   ", "\t"),
    fc.string({ minLength: max + 1, maxLength: max + 200 }).filter((text) => text.trim().length > max),
    fc
      .tuple(fc.string({ maxLength: 10 }), controlChar, fc.string({ maxLength: 10 }))
      .map(([a, c, b]) => `x${a}${c}${b}`),
    fc.constant("\u0085next-line"),
    fc.constant("a".repeat(100_000))
  )

export const badBaseUrl = fc.oneof(
  fc.constantFrom(
    "",
    "ftp://example.com",
    "javascript:alert(1)",
    "file:///etc/passwd",
    "http://",
    "http://user:secret@localhost:8000",
    "//localhost:8000",
    "http://local host:8000",
    "http://h/a#b#c",
    "localhost:8000"
  ),
  fc.string({ minLength: 2049, maxLength: 2100 }).map((tail) => `http://h/${tail}`)
)

export const badKey = fc.oneof(
  fc.constantFrom("", "   ", "sk key with spaces", "sk-line\nbreak"),
  fc.constant("k".repeat(1025))
)

export const badMillis = fc.oneof(
  fc.integer({ min: -1_000_000, max: 99 }),
  fc.integer({ min: 3_600_001, max: 2 ** 31 }),
  fc.double({ min: 100.5, max: 1000.5, noInteger: true }),
  notA("number")
)

/** A key no schema knows, prototype-polluting names included. */
export const unknownKey = (known: ReadonlyArray<string>) =>
  fc
    .oneof(
      fc.constantFrom("__proto__", "constructor", "prototype", "x-extra"),
      fc.string({ minLength: 1, maxLength: 12 })
    )
    .filter((key) => !known.includes(key))

/** Text that is not JSON: truncated, trailing garbage, random, or binary. */
export const notJson = (valid: string) =>
  fc.oneof(
    fc.integer({ min: 1, max: Math.max(1, valid.length - 1) }).map((end) => valid.slice(0, end)),
    fc.constant(`${valid},`),
    fc.constant(`${valid}}`),
    fc.constant("{'single': 'quotes'}"),
    fc.constant("\u0000\u0001\u0002"),
    fc.constant("{"),
    fc.string({ minLength: 1, maxLength: 40 }).filter((text) => {
      try {
        JSON.parse(text)
        return false
      } catch {
        return true
      }
    })
  )

export interface BodySpec {
  /** A valid body the defects start from. */
  readonly base: Readonly<Record<string, Json>>
  /** Per field, values that are certainly invalid for it. */
  readonly bad: Readonly<Record<string, fc.Arbitrary<Json>>>
  /** Fields whose absence is an error. */
  readonly required?: ReadonlyArray<string>
  /** Unknown fields are rejected (the REST API); the OpenAI gateway tolerates them, as OpenAI's clients expect. */
  readonly strict?: boolean
  /** Bodies of these JSON types are valid too (a model id alone, or a list), so they are no defect. */
  readonly alsoAccepts?: ReadonlyArray<"string" | "array">
}

const json = "application/json"

/** One broken body for `spec`. */
export const badBody = (spec: BodySpec): fc.Arbitrary<BadBody> => {
  const valid = JSON.stringify(spec.base)
  const fields = Object.keys(spec.bad)
  const options: Array<fc.Arbitrary<BadBody>> = [
    fc
      .constantFrom(...fields)
      .chain((field) => spec.bad[field]!.map((value) => ({ field, value })))
      .map(({ field, value }) => ({
        body: JSON.stringify({ ...spec.base, [field]: value }),
        contentType: json,
        defect: `field ${field} = ${JSON.stringify(value)?.slice(0, 80)}`
      })),
    anyJson
      .filter((value) => typeof value !== "object" || value === null || Array.isArray(value))
      .filter(
        (value) => !(spec.alsoAccepts ?? []).includes(Array.isArray(value) ? "array" : (typeof value as "string"))
      )
      .map((value) => ({
        body: JSON.stringify(value),
        contentType: json,
        defect: `body is ${JSON.stringify(value)?.slice(0, 40)}`
      })),
    notJson(valid).map((text) => ({
      body: text,
      contentType: json,
      defect: `not JSON: ${JSON.stringify(text.slice(0, 40))}`
    })),
    fc
      .constantFrom(
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/jsonx"
      )
      .map((type) => ({ body: valid, contentType: type, defect: `content type ${type}` }))
  ]
  if (spec.strict !== false)
    options.push(
      fc.tuple(unknownKey(Object.keys(spec.base).concat(fields)), anyJson).map(([key, value]) => ({
        // Built as text so `__proto__` is an own key of the JSON, as a hostile client would send it.
        body: `${valid.slice(0, -1)}${valid === "{}" ? "" : ","}${JSON.stringify(key)}:${JSON.stringify(value)}}`,
        contentType: json,
        defect: `unknown field ${JSON.stringify(key)}`
      }))
    )
  if (spec.required !== undefined && spec.required.length > 0)
    options.push(
      fc.constantFrom(...spec.required).map((field) => {
        const { [field]: _, ...rest } = spec.base
        return { body: JSON.stringify(rest), contentType: json, defect: `missing ${field}` }
      })
    )
  return fc.oneof(...options)
}

/** Path segments that must never reach a stored provider, model or conversation. */
export const pathTrick = fc.oneof(
  fc.constantFrom(
    "..",
    "%2e%2e",
    "..%2f..%2fetc%2fpasswd",
    "%2F",
    "%00",
    "a%00b",
    "%",
    "%zz",
    "%E2%80%AE",
    "%F0%9F%92%A9",
    "%C0%AE%C0%AE",
    "sentinel%2F..",
    "..%5csentinel",
    "SENTINEL",
    "sentinel%20",
    "%20sentinel",
    "sentinel.",
    "sentinel;x=1",
    "-",
    "%2e",
    "a".repeat(5000)
  ),
  fc.string({ minLength: 1, maxLength: 30 }).map((text) => encodeURIComponent(text)),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 10 }).map((text) => encodeURIComponent(text))
)

/** Query strings the URL preview must refuse or answer without failing. */
export const badQuery = fc.oneof(
  fc.constantFrom(
    "",
    "?type=nope&baseUrl=http://h",
    "?type=openai",
    "?baseUrl=http://h",
    "?type=openai&baseUrl=ftp://h",
    "?type=openai&baseUrl=http://h&unknown=1",
    "?type=openai&type=gemini&baseUrl=http://h",
    "?type=openai&baseUrl=http://h&apiVersion=%00",
    "?type=azure-openai&baseUrl=http://h&apiVersion=../../x",
    "?type=openai&baseUrl=%",
    "?__proto__=x"
  ),
  fc
    .dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 20 }), { maxKeys: 3 })
    .map((params) => `?${new URLSearchParams(params).toString()}`)
)
