/**
 * A model as the user registered it on a provider: the provider's own id, spelled exactly as the provider spells it,
 * plus a display name, a group and capability overrides. Capabilities are inferred from the id (see
 * `ModelCapabilities`) and every user override wins.
 */
import { Schema } from "effect"
import { type Capabilities, Capability, inferCapabilities } from "./ModelCapabilities"

export const ModelId = Schema.String.pipe(
  Schema.filter((id) => id.length >= 1 || "must not be empty"),
  Schema.filter((id) => id.length <= 256 || "must be at most 256 characters"),
  Schema.filter((id) => id.trim() === id || "must not start or end with whitespace"),
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  Schema.filter((id) => !/[\u0000-\u001f\u007f]/.test(id) || "must not contain control characters")
)

export class Model extends Schema.Class<Model>("Model")({
  id: ModelId,
  name: Schema.String,
  group: Schema.String,
  /** Only the capabilities the user set explicitly; the rest come from `inferCapabilities`. */
  overrides: Schema.Record({ key: Capability, value: Schema.Boolean }),
  /** Metadata the provider's model list gave, kept for display. */
  contextLength: Schema.optional(Schema.Int),
  ownedBy: Schema.optional(Schema.String)
}) {
  get capabilities(): Capabilities {
    return { ...inferCapabilities(this.id), ...this.overrides }
  }
}
