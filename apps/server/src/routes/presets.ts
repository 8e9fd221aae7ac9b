/**
 * `/api/presets`: the providers a user can add with one click (vLLM, Ollama, OpenAI, …), with the type and base URL
 * each fills in. Static data from the core.
 */
import { presets } from "@switchboard/core/Presets"
import { ProviderType } from "@switchboard/core/domain/ProviderType"
import { Schema } from "effect"
import { Hono } from "hono"

export const PresetView = Schema.Struct({
  id: Schema.String,
  name: Schema.String,
  type: ProviderType,
  baseUrl: Schema.String,
  apiVersion: Schema.optional(Schema.String),
  keyless: Schema.Boolean,
  docsUrl: Schema.String
}).annotations({ identifier: "Preset" })

export const presetsRoutes = () => new Hono().get("/", (c) => c.json([...presets], 200))
