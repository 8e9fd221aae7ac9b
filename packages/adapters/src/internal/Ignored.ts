/**
 * The fallback member of a wire union switched on `type`: any `type` not in `known` decodes as `{ type: "ignored" }`,
 * so switches stay exhaustive and a type the vendor adds later is skipped, as its versioning policy asks clients to
 * do. A known type with a malformed body does not fall through to this: it fails to decode.
 */
import { Schema } from "effect"

export const Ignored = (...known: ReadonlyArray<string>) =>
  Schema.transform(
    Schema.Struct({ type: Schema.String.pipe(Schema.filter((type) => !known.includes(type))) }),
    Schema.Struct({ type: Schema.Literal("ignored") }),
    { strict: true, decode: () => ({ type: "ignored" as const }), encode: (ignored) => ignored }
  )
