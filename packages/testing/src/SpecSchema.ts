/**
 * Validates a value against a schema of a vendored provider spec (`conformance/specs`), so a test can hold what the
 * gateway writes to the shape the provider itself documents (`Response`, `ResponseStreamEvent`, `Message`, …). The
 * specs are OpenAPI 3.x: JSON Schema with `$ref`s into `#/components/schemas/…`, a few 3.0 leftovers (`nullable`,
 * `discriminator`) and vendor keywords (`x-…`). Ajv reads the whole document once per spec and compiles a schema on
 * first use; formats (`unixtime`, `uri`) are not checked, only shapes. The spec files are never edited: the
 * one fix Ajv needs (as Prism does) is made to the copy in memory.
 */
import * as Fs from "node:fs"
import * as Path from "node:path"
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js"
import { dropUntypedNullable, type JsonObject, type SpecName, specFiles, specsDir } from "./Prism"

const validators = new Map<SpecName, Ajv2020>()
const schemas = new Map<SpecName, Record<string, JsonObject>>()

/** One Ajv per spec, holding the whole document under the spec's name as its id. */
const ajvFor = (spec: SpecName): Ajv2020 => {
  let ajv = validators.get(spec)
  if (ajv === undefined) {
    // Not strict: the documents carry keywords JSON Schema does not know (`x-oaiMeta`, `discriminator`, `example`).
    ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: false, logger: false })
    const document = JSON.parse(Fs.readFileSync(Path.join(specsDir, specFiles[spec]), "utf8")) as JsonObject
    // Ajv refuses to compile `nullable` without a `type` beside it (so does Prism): such a schema allows null anyway.
    dropUntypedNullable(document)
    ajv.addSchema({ ...document, $id: spec })
    validators.set(spec, ajv)
    schemas.set(spec, (document.components as { schemas: Record<string, JsonObject> }).schemas)
  }
  return ajv
}

const compiled = new Map<string, ValidateFunction>()

const validatorOf = (spec: SpecName, schema: string): ValidateFunction => {
  const key = `${spec}#${schema}`
  let validate = compiled.get(key)
  if (validate === undefined) {
    validate = ajvFor(spec).compile({ $ref: `${spec}#/components/schemas/${schema}` })
    compiled.set(key, validate)
  }
  return validate
}

const describe = (error: ErrorObject) =>
  `${error.instancePath || "/"} ${error.message ?? error.keyword} ${JSON.stringify(error.params)}`

/**
 * The member of a union of `$ref`s (`ResponseStreamEvent`) whose `type` is the value's: a value that fails the union
 * is best told what is wrong with it by that member, not by every member.
 */
const memberNamed = (spec: SpecName, schema: string, value: unknown): string | undefined => {
  const type = (value as { type?: unknown } | null)?.type
  const union = schemas.get(spec)?.[schema]
  const members = (union?.anyOf ?? union?.oneOf) as ReadonlyArray<{ $ref?: string }> | undefined
  if (typeof type !== "string" || members === undefined) return undefined
  return members
    .map((member) => member.$ref?.split("/").at(-1))
    .find((name) => {
      const types = (schemas.get(spec)?.[name ?? ""]?.properties as { type?: { enum?: Array<unknown> } } | undefined)
        ?.type?.enum
      return types?.includes(type) === true
    })
}

/**
 * Why `value` is not a valid `schema` (a name under `#/components/schemas`) of `spec`: the validator's errors, one a
 * line (for a union, those of the member its `type` names); empty when it is valid.
 */
export const schemaErrors = (spec: SpecName, schema: string, value: unknown): ReadonlyArray<string> => {
  const validate = validatorOf(spec, schema)
  if (validate(value)) return []
  const member = memberNamed(spec, schema, value)
  const explained = member === undefined ? validate : validatorOf(spec, member)
  explained(value)
  return (explained.errors ?? validate.errors ?? []).map(describe)
}
