/**
 * One entry of a provider's own model list, with whatever metadata the provider gave.
 */
import { Schema } from "effect"

export class RemoteModel extends Schema.Class<RemoteModel>("RemoteModel")({
  id: Schema.String,
  displayName: Schema.optional(Schema.String),
  contextLength: Schema.optional(Schema.Int),
  ownedBy: Schema.optional(Schema.String),
  /** Gemini's `supportedGenerationMethods` (`generateContent`, `embedContent`, …). */
  methods: Schema.optional(Schema.Array(Schema.String))
}) {}
