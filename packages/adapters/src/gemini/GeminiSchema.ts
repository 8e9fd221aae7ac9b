/**
 * JSON Schema (tool parameters, `json_schema` response formats) → Gemini's `Schema`, an OpenAPI 3.0 subset. The rules:
 *
 * - Converted: `type` (to Gemini's upper-case names; `["string", "null"]` → `STRING` + `nullable`), `format`,
 *   `title`, `description`, `nullable`, `enum` (strings only, as Gemini's; a `null` member → `nullable`), `const`
 *   (a string → a one-value `enum`), `properties`, `required`, `items`, `minItems`, `maxItems`, `minLength`,
 *   `maxLength`, `minProperties`, `maxProperties` (as int64 strings, Google's spec's form), `pattern`, `minimum`,
 *   `maximum`, `anyOf` and `oneOf` (both as `anyOf`: the model is steered, not validated; a `{"type": "null"}` branch
 *   → `nullable`, and a single branch left is merged in), `allOf` of one schema (merged), `default`,
 *   `propertyOrdering`. Objects get `propertyOrdering` from their properties' order when they do not say: Gemini
 *   otherwise orders a response's properties alphabetically.
 * - Without `type`, it is inferred from `properties` (object), `items` (array) or `enum`/`const` (string).
 * - `$ref` to `#/$defs/…` or `#/definitions/…` is inlined, its sibling keywords laid over the target.
 * - Dropped, because they only annotate or only tighten what the model is asked for: `$schema`, `$id`, `$comment`,
 *   `$anchor`, `$defs` and `definitions` (once inlined), `additionalProperties`, `unevaluatedProperties`,
 *   `unevaluatedItems`, `exclusiveMinimum`, `exclusiveMaximum`, `multipleOf`, `uniqueItems`, `examples`,
 *   `readOnly`, `writeOnly`, `deprecated`, `contentEncoding`, `contentMediaType`, `discriminator`, and `x-…`
 *   extensions.
 * - Refused, naming the keyword and where it is (a JSON pointer into the given schema): what would change the shape if
 *   dropped (`not`, `if`/`then`/`else`, `patternProperties`, `propertyNames`, `dependentSchemas`,
 *   `dependentRequired`, `dependencies`, `prefixItems`, `items` as a tuple, `contains`, `allOf` of several), a
 *   `$ref` that is remote, deeper than one definition, missing or recursive, a type Gemini cannot say (`"null"`
 *   alone, several non-null types, a schema for any value), an `enum` or `const` that is not strings, and any keyword
 *   not listed here, so nothing is lost unnoticed.
 */
import { quotedId, quotedPath } from "@switchboard/core/domain/Excerpt"
import type { Types } from "effect"
import { Refusal } from "./GeminiRefusal"
import type { GeminiSchema, GeminiType } from "./GeminiWire"

const types: Readonly<Record<string, GeminiType>> = {
  string: "STRING",
  number: "NUMBER",
  integer: "INTEGER",
  boolean: "BOOLEAN",
  array: "ARRAY",
  object: "OBJECT"
}

const dropped = new Set([
  "$schema",
  "$id",
  "$comment",
  "$anchor",
  "$defs",
  "definitions",
  "additionalProperties",
  "unevaluatedProperties",
  "unevaluatedItems",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "uniqueItems",
  "examples",
  "readOnly",
  "writeOnly",
  "deprecated",
  "contentEncoding",
  "contentMediaType",
  "discriminator"
])

/** Why the keywords that would change the shape if dropped cannot be sent. */
const refused: ReadonlyMap<string, string> = new Map([
  ["not", "Gemini's Schema has no negation"],
  ["if", "Gemini's Schema has no conditionals"],
  ["then", "Gemini's Schema has no conditionals"],
  ["else", "Gemini's Schema has no conditionals"],
  ["patternProperties", "Gemini's Schema names every property; list them in properties"],
  ["propertyNames", "Gemini's Schema names every property; list them in properties"],
  ["dependentSchemas", "Gemini's Schema has no dependencies between properties"],
  ["dependentRequired", "Gemini's Schema has no dependencies between properties"],
  ["dependencies", "Gemini's Schema has no dependencies between properties"],
  ["prefixItems", "Gemini's arrays have one item schema, not a tuple"],
  ["contains", "Gemini's arrays have one item schema for every item"]
])

const counts = ["minItems", "maxItems", "minLength", "maxLength", "minProperties", "maxProperties"] as const

class Refused {
  constructor(
    readonly keyword: string,
    readonly at: string,
    readonly why: string
  ) {}
}

type Node = Readonly<Record<string, unknown>>

const isNode = (value: unknown): value is Node => typeof value === "object" && value !== null && !Array.isArray(value)

const isNullSchema = (value: unknown) => isNode(value) && value.type === "null" && Object.keys(value).length === 1

/** `#/$defs/Name` or `#/definitions/Name` in `root`, or why not. */
const definition = (root: Node, ref: string, at: string): Node | Refused => {
  const match = /^#\/(\$defs|definitions)\/([^/]+)$/.exec(ref)
  if (match === null)
    return new Refused(
      "$ref",
      at,
      `only #/$defs/<name> and #/definitions/<name> can be inlined, not "${quotedPath(ref)}"`
    )
  const [, defs = "", escaped = ""] = match
  const name = decodeURIComponent(escaped).replace(/~1/g, "/").replace(/~0/g, "~")
  const target = isNode(root[defs]) ? (root[defs] as Node)[name] : undefined
  return isNode(target)
    ? target
    : new Refused("$ref", at, `"${quotedPath(ref)}" names no schema object in the root's ${defs}`)
}

const withoutKey = (node: Node, key: string): Node => {
  const { [key]: _, ...rest } = node
  return rest
}

const convert = (root: Node, value: unknown, at: string, refs: ReadonlyArray<string>): GeminiSchema | Refused => {
  if (!isNode(value)) return new Refused(JSON.stringify(value), at, "a schema must be an object for Gemini")
  if (typeof value.$ref === "string") {
    if (refs.includes(value.$ref))
      return new Refused("$ref", at, `"${quotedPath(value.$ref)}" is recursive and cannot be inlined`)
    const target = definition(root, value.$ref, at)
    if (target instanceof Refused) return target
    return convert(root, { ...target, ...withoutKey(value, "$ref") }, at, [...refs, value.$ref])
  }
  if (value.allOf !== undefined) {
    if (!Array.isArray(value.allOf) || value.allOf.length !== 1)
      return new Refused("allOf", at, "Gemini's Schema cannot intersect schemas (an allOf of one schema is merged)")
    return convert(root, { ...(value.allOf[0] as Node), ...withoutKey(value, "allOf") }, at, refs)
  }
  if (value.anyOf !== undefined && value.oneOf !== undefined)
    return new Refused("oneOf", at, "a schema with both anyOf and oneOf cannot be one Gemini anyOf")

  const out: Types.Mutable<GeminiSchema> = {}
  let merged: GeminiSchema | undefined
  for (const [keyword, given] of Object.entries(value)) {
    const here = `${at}/${keyword}`
    switch (keyword) {
      case "type": {
        const list = Array.isArray(given) ? given : [given]
        const named = list.filter((type) => type !== "null")
        const type = named.length === 1 ? types[named[0] as string] : undefined
        if (type === undefined)
          return new Refused(
            "type",
            at,
            `Gemini's Schema takes one type (or one and "null"), not ${quotedId(JSON.stringify(given))}`
          )
        out.type = type
        if (named.length < list.length) out.nullable = true
        break
      }
      case "anyOf":
      case "oneOf": {
        if (!Array.isArray(given) || given.length === 0)
          return new Refused(keyword, at, "must be a non-empty array of schemas")
        const branches: Array<GeminiSchema> = []
        for (const [index, branch] of given.entries()) {
          if (isNullSchema(branch)) {
            out.nullable = true
            continue
          }
          const converted = convert(root, branch, `${here}/${index}`, refs)
          if (converted instanceof Refused) return converted
          branches.push(converted)
        }
        if (branches.length === 1) merged = branches[0]
        else if (branches.length > 1) out.anyOf = branches
        break
      }
      case "enum":
      case "const": {
        const list = keyword === "enum" && Array.isArray(given) ? given : [given]
        const strings = list.filter((member): member is string => typeof member === "string")
        const nulls = list.filter((member) => member === null).length
        if (strings.length === 0 || strings.length + nulls < list.length)
          return new Refused(keyword, at, `Gemini's enum holds strings only, not ${quotedId(JSON.stringify(given))}`)
        out.enum = strings
        if (nulls > 0) out.nullable = true
        break
      }
      case "properties": {
        if (!isNode(given)) return new Refused(keyword, at, "must be an object of schemas")
        const properties: Record<string, GeminiSchema> = {}
        for (const [name, property] of Object.entries(given)) {
          const converted = convert(root, property, `${here}/${name.replace(/~/g, "~0").replace(/\//g, "~1")}`, refs)
          if (converted instanceof Refused) return converted
          properties[name] = converted
        }
        out.properties = properties
        break
      }
      case "items": {
        if (!isNode(given)) return new Refused(keyword, at, "Gemini's arrays have one item schema, not a tuple")
        const converted = convert(root, given, here, refs)
        if (converted instanceof Refused) return converted
        out.items = converted
        break
      }
      case "required":
      case "propertyOrdering":
        if (!Array.isArray(given) || !given.every((name) => typeof name === "string"))
          return new Refused(keyword, at, "must be an array of property names")
        out[keyword] = given
        break
      case "minimum":
      case "maximum":
        if (typeof given !== "number") return new Refused(keyword, at, "must be a number")
        out[keyword] = given
        break
      case "format":
      case "title":
      case "description":
      case "pattern":
        if (typeof given !== "string") return new Refused(keyword, at, "must be a string")
        out[keyword] = given
        break
      case "nullable":
        if (typeof given !== "boolean") return new Refused(keyword, at, "must be true or false")
        out.nullable = out.nullable === true || given
        break
      case "default":
        out.default = given
        break
      default: {
        if ((counts as ReadonlyArray<string>).includes(keyword)) {
          if (!Number.isSafeInteger(given) || (given as number) < 0)
            return new Refused(keyword, at, "must be a non-negative integer")
          out[keyword as (typeof counts)[number]] = String(given)
        } else if (!dropped.has(keyword) && !keyword.startsWith("x-"))
          return new Refused(
            keyword,
            at,
            refused.get(keyword) ?? "Gemini's Schema has no such keyword, and dropping it could change what is asked"
          )
      }
    }
  }
  // A lone branch left of an anyOf (`anyOf: [X, {type: "null"}]`) is the schema; the node's own keywords win.
  const schema: Types.Mutable<GeminiSchema> = merged === undefined ? out : { ...merged, ...out }
  if (schema.type === undefined && schema.anyOf === undefined) {
    const inferred = schema.properties ? "OBJECT" : schema.items ? "ARRAY" : schema.enum ? "STRING" : undefined
    if (inferred === undefined)
      return new Refused("type", at, "a schema for any value cannot be expressed in Gemini's Schema; give it a type")
    schema.type = inferred
  }
  if (
    schema.properties !== undefined &&
    schema.propertyOrdering === undefined &&
    Object.keys(schema.properties).length > 1
  )
    schema.propertyOrdering = Object.keys(schema.properties)
  return schema
}

/**
 * `schema` as Gemini's `Schema`, or a `Refusal` whose detail names `field` (the request field holding the schema),
 * the keyword, and where in the schema it is.
 */
export const toGeminiSchema = (schema: Readonly<Record<string, unknown>>, field: string): GeminiSchema | Refusal => {
  const converted = convert(schema, schema, "#", [])
  return converted instanceof Refused
    ? new Refusal(
        `${field}: "${quotedId(converted.keyword)}" at ${quotedPath(converted.at)} cannot be sent to Gemini: ${converted.why}.`
      )
    : converted
}
