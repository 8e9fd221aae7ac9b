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
 * Why `value` is not a valid `schema` (a name under `#/components/schemas`) of `spec`: the validator's errors, one a
 * line; empty when it is valid.
 */
export const schemaErrors = (spec: SpecName, schema: string, value: unknown): ReadonlyArray<string> => {
  const validate = validatorOf(spec, schema)
  return validate(value) ? [] : (validate.errors ?? []).map(describe)
}
