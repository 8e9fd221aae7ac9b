/**
 * JSON Schema → Gemini's Schema: what converts (and to what), what is dropped, and what is refused, with the error
 * naming the field, the keyword and where in the schema it is.
 */
import { describe, expect, it } from "@effect/vitest"
import { Refusal } from "../../src/gemini/GeminiRefusal"
import { toGeminiSchema } from "../../src/gemini/GeminiSchema"

const convert = (schema: Record<string, unknown>) => toGeminiSchema(schema, "responseFormat.schema")

const refusal = (schema: Record<string, unknown>) => {
  const result = convert(schema)
  expect(result).toBeInstanceOf(Refusal)
  return (result as Refusal).detail
}

describe("Gemini schema conversion", () => {
  it("converts a typical object schema, keeping the properties' order", () => {
    expect(
      convert({
        $schema: "https://json-schema.org/draft/2020-12/schema",
        title: "Person",
        type: "object",
        description: "A person",
        properties: {
          name: { type: "string", minLength: 1, maxLength: 80, pattern: "^[A-Z]" },
          age: { type: "integer", minimum: 0, maximum: 150, format: "int32" },
          tags: { type: "array", items: { type: "string", enum: ["a", "b"] }, minItems: 0, maxItems: 5 },
          born: { type: "string", format: "date-time", default: "2000-01-01T00:00:00Z" }
        },
        required: ["name", "age"],
        additionalProperties: false
      })
    ).toEqual({
      title: "Person",
      type: "OBJECT",
      description: "A person",
      properties: {
        name: { type: "STRING", minLength: "1", maxLength: "80", pattern: "^[A-Z]" },
        age: { type: "INTEGER", minimum: 0, maximum: 150, format: "int32" },
        tags: { type: "ARRAY", items: { type: "STRING", enum: ["a", "b"] }, minItems: "0", maxItems: "5" },
        born: { type: "STRING", format: "date-time", default: "2000-01-01T00:00:00Z" }
      },
      required: ["name", "age"],
      propertyOrdering: ["name", "age", "tags", "born"]
    })
  })

  it("a given propertyOrdering is kept; one property gets none", () => {
    expect(
      convert({
        type: "object",
        properties: { a: { type: "string" }, b: { type: "string" } },
        propertyOrdering: ["b", "a"]
      })
    ).toMatchObject({ propertyOrdering: ["b", "a"] })
    expect(convert({ type: "object", properties: { a: { type: "boolean" } } })).toEqual({
      type: "OBJECT",
      properties: { a: { type: "BOOLEAN" } }
    })
  })

  it('type ["string", "null"], a null anyOf branch and a null enum member all become nullable', () => {
    expect(convert({ type: ["string", "null"] })).toEqual({ type: "STRING", nullable: true })
    expect(convert({ anyOf: [{ type: "number" }, { type: "null" }], description: "d" })).toEqual({
      type: "NUMBER",
      nullable: true,
      description: "d"
    })
    expect(convert({ enum: ["x", null] })).toEqual({ type: "STRING", enum: ["x"], nullable: true })
  })

  it("anyOf and oneOf become anyOf; const becomes a one-value enum; allOf of one is merged", () => {
    expect(convert({ anyOf: [{ type: "string" }, { type: "integer" }] })).toEqual({
      anyOf: [{ type: "STRING" }, { type: "INTEGER" }]
    })
    expect(convert({ oneOf: [{ type: "string" }, { type: "boolean" }] })).toEqual({
      anyOf: [{ type: "STRING" }, { type: "BOOLEAN" }]
    })
    expect(convert({ const: "fixed" })).toEqual({ type: "STRING", enum: ["fixed"] })
    expect(convert({ allOf: [{ type: "string" }], description: "merged" })).toEqual({
      type: "STRING",
      description: "merged"
    })
  })

  it("types are inferred from properties, items and enum", () => {
    expect(convert({ properties: { a: { items: { enum: ["x"] } } } })).toEqual({
      type: "OBJECT",
      properties: { a: { type: "ARRAY", items: { type: "STRING", enum: ["x"] } } }
    })
  })

  it("$ref to $defs and definitions is inlined, its siblings laid over it", () => {
    expect(
      convert({
        type: "object",
        properties: {
          home: { $ref: "#/$defs/Address", description: "Where they live" },
          work: { $ref: "#/definitions/Address" }
        },
        $defs: { Address: { type: "object", properties: { city: { type: "string" } }, description: "An address" } },
        definitions: { Address: { $ref: "#/$defs/Address" } }
      })
    ).toEqual({
      type: "OBJECT",
      properties: {
        home: { type: "OBJECT", properties: { city: { type: "STRING" } }, description: "Where they live" },
        work: { type: "OBJECT", properties: { city: { type: "STRING" } }, description: "An address" }
      },
      propertyOrdering: ["home", "work"]
    })
  })

  it("annotations and constraints Gemini lacks are dropped", () => {
    expect(
      convert({
        type: "number",
        $id: "x",
        $comment: "c",
        exclusiveMinimum: 0,
        multipleOf: 2,
        examples: [2],
        readOnly: true,
        deprecated: false,
        "x-vendor": 1
      })
    ).toEqual({ type: "NUMBER" })
  })

  it("refuses what would change the shape, naming field, keyword and path", () => {
    expect(refusal({ type: "object", properties: { a: { type: "object", patternProperties: { "^x": {} } } } })).toBe(
      'responseFormat.schema: "patternProperties" at #/properties/a cannot be sent to Gemini: Gemini\'s Schema names ' +
        "every property; list them in properties."
    )
    expect(refusal({ not: { type: "string" } })).toBe(
      'responseFormat.schema: "not" at # cannot be sent to Gemini: Gemini\'s Schema has no negation.'
    )
    expect(refusal({ type: "array", items: [{ type: "string" }] })).toContain('"items" at #')
    expect(refusal({ type: "array", prefixItems: [{ type: "string" }] })).toContain('"prefixItems" at #')
    expect(refusal({ allOf: [{ type: "string" }, { minLength: 1 }] })).toContain('"allOf" at #')
    // A schema read from JSON, as users send it (`then` as a literal key trips the linter).
    expect(refusal(JSON.parse('{"if": {"type": "string"}, "then": {"minLength": 1}}'))).toContain('"if" at #')
  })

  it("refuses types Gemini cannot say", () => {
    expect(refusal({ type: ["string", "integer"] })).toContain(
      '"type" at # cannot be sent to Gemini: Gemini\'s Schema takes one type'
    )
    expect(refusal({ type: "null" })).toContain('"type" at #')
    expect(refusal({ properties: { any: { description: "anything" } } })).toBe(
      'responseFormat.schema: "type" at #/properties/any cannot be sent to Gemini: a schema for any value cannot be ' +
        "expressed in Gemini's Schema; give it a type."
    )
    expect(refusal({ properties: { any: true } })).toContain('"true" at #/properties/any')
    expect(refusal({ type: "integer", enum: [1, 2] })).toContain("Gemini's enum holds strings only, not [1,2]")
    expect(refusal({ const: 3 })).toContain('"const" at #')
  })

  it("refuses remote, missing and recursive $refs", () => {
    expect(refusal({ $ref: "https://example.com/schema.json" })).toContain('"$ref" at # cannot be sent to Gemini: only')
    expect(refusal({ $ref: "#/$defs/Nope", $defs: {} })).toContain("names no schema object")
    expect(
      refusal({
        type: "object",
        properties: { root: { $ref: "#/$defs/Node" } },
        $defs: {
          Node: { type: "object", properties: { children: { type: "array", items: { $ref: "#/$defs/Node" } } } }
        }
      })
    ).toBe(
      'responseFormat.schema: "$ref" at #/properties/root/properties/children/items cannot be sent to Gemini: ' +
        '"#/$defs/Node" is recursive and cannot be inlined.'
    )
  })

  it("refuses unknown keywords rather than losing them, and bad bounds", () => {
    expect(refusal({ type: "string", minLenght: 3 })).toContain('"minLenght" at # cannot be sent to Gemini')
    expect(refusal({ type: "array", items: { type: "string" }, maxItems: -1 })).toContain(
      '"maxItems" at # cannot be sent to Gemini: must be a non-negative integer'
    )
  })

  it("a keyword that looks like a key is not quoted whole", () => {
    const key = "AIzaSyLEAKEDKEY0123456789abcdefghijkl"
    expect(refusal({ type: "string", [key]: 1 })).not.toContain(key)
  })
})
