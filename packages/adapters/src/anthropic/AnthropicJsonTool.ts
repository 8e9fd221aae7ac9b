/**
 * JSON output, which the Messages API has no response format for, done as the Vercel AI SDK's Anthropic provider does
 * it: the request gets one more tool, named after the format, whose input schema is the wanted JSON's, and the model
 * is made to call it; the answer's call of that tool is the JSON, read as text (`AnthropicStream`, `AnthropicMessage`)
 * and finishing as `stop`. The tool's name travels from the request to the answer's reader in the call's context.
 */
import type { ResponseFormat } from "@switchboard/core/domain/ChatRequest"
import type { CallContext } from "../internal/Http"
import type { ToolParam } from "./AnthropicWire"

/**
 * The tool a JSON response format becomes: a `json_schema` format's own name and schema, or `json` and any object.
 * A caller's tool of the same name makes the request invalid (Anthropic refuses duplicate tool names), rather than
 * having its calls read as the answer.
 */
export const jsonTool = (format: ResponseFormat | undefined): ToolParam | undefined => {
  switch (format?.type) {
    case "json":
      return { name: "json", description: "Respond with a JSON object.", input_schema: { type: "object" } }
    case "json_schema":
      return {
        name: format.name,
        description: format.description ?? "Respond with a JSON object.",
        input_schema: format.schema
      }
    default:
      return undefined
  }
}

/** A Messages call's context: the call's own, plus the JSON tool's name when the request asked for JSON. */
export interface MessagesContext extends CallContext {
  readonly jsonTool?: string
}

/** The JSON tool's name the call was made with (the reader gets the call's context, typed as the shared one). */
export const jsonToolOf = (ctx: CallContext): string | undefined =>
  "jsonTool" in ctx && typeof ctx.jsonTool === "string" ? ctx.jsonTool : undefined
