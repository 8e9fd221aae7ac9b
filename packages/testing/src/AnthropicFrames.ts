/**
 * The Anthropic messages wire format as a fake upstream sends it: the named SSE events of a streamed message
 * (`message_start` … `message_stop`), the model list and the error body.
 */
import { type Answer, argumentPieces } from "./Answer"

const event = (type: string, data: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`

const calls = (answer: Answer) => answer.toolCalls ?? []
const stopReason = (answer: Answer) => (calls(answer).length > 0 ? "tool_use" : "end_turn")

/** A tool_use block's events at `index`: its start, its input in pieces, its stop. */
const toolUse = (call: NonNullable<Answer["toolCalls"]>[number], index: number) => [
  event("content_block_start", { index, content_block: { type: "tool_use", id: call.id, name: call.name, input: {} } }),
  ...argumentPieces(call).map((partial_json) =>
    event("content_block_delta", { index, delta: { type: "input_json_delta", partial_json } })
  ),
  event("content_block_stop", { index })
]

/** Every event of a streamed answer, one text block with one delta per piece, then a block per tool call. */
export const frames = (answer: Answer): Array<string> => [
  event("message_start", {
    message: {
      id: "msg_up",
      type: "message",
      role: "assistant",
      content: [],
      model: answer.model,
      stop_reason: null,
      usage: { input_tokens: answer.promptTokens, output_tokens: 1 }
    }
  }),
  event("content_block_start", { index: 0, content_block: { type: "text", text: "" } }),
  ...answer.pieces.map((text) => event("content_block_delta", { index: 0, delta: { type: "text_delta", text } })),
  event("content_block_stop", { index: 0 }),
  ...calls(answer).flatMap((call, i) => toolUse(call, i + 1)),
  event("message_delta", {
    delta: { stop_reason: stopReason(answer), stop_sequence: null },
    usage: { output_tokens: answer.pieces.length }
  }),
  event("message_stop", {})
]

/** `GET /v1/models`. */
export const modelList = (models: ReadonlyArray<string>) => ({
  data: models.map((id) => ({ id, type: "model", display_name: id, created_at: "2025-01-01T00:00:00Z" })),
  has_more: false,
  first_id: models[0] ?? null,
  last_id: models.at(-1) ?? null
})

/** An error body as Anthropic sends it. */
export const error = (message: string, type = "authentication_error") => ({
  type: "error",
  error: { type, message }
})

/** The complete answer (`stream` not set): one `message` object, with every field Anthropic's API spec requires. */
export const message = (answer: Answer) =>
  JSON.stringify({
    id: "msg_up",
    type: "message",
    role: "assistant",
    content: [
      { type: "text", text: answer.pieces.join(""), citations: null },
      ...calls(answer).map((call) => ({
        type: "tool_use",
        id: call.id,
        name: call.name,
        input: JSON.parse(call.arguments)
      }))
    ],
    model: answer.model,
    stop_reason: stopReason(answer),
    stop_sequence: null,
    usage: {
      input_tokens: answer.promptTokens,
      output_tokens: answer.pieces.length,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
      server_tool_use: null,
      service_tier: "standard"
    }
  })
