/**
 * The OpenAI chat-completions wire format as a fake upstream sends it (OpenAI, Azure and every OpenAI-compatible
 * server such as vLLM): streamed `chat.completion.chunk` frames ending in a usage chunk and `[DONE]`, the complete
 * `chat.completion` object, the model list and the error body.
 */
import { type Answer, argumentPieces } from "./Answer"

/** Ids of the fake answers; fixed, so a test may compare whole objects. */
const fixed = { id: "chatcmpl-up", created: 1 }

/** One `data:` frame holding a `chat.completion.chunk` with this delta. */
export const chunk = (model: string, delta: object, finish: string | null = null, id = fixed.id) =>
  `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created: fixed.created, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`

/** The usage chunk a stream ends with when `stream_options.include_usage` is on (no choices). */
export const usage = (model: string, promptTokens: number, completionTokens: number, id = fixed.id) =>
  `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created: fixed.created, model, choices: [], usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens } })}\n\n`

export const done = "data: [DONE]\n\n"

/** Every frame of a streamed answer: the reasoning, one chunk per piece (the first with the role), finish, usage. */
export const frames = (answer: Answer): Array<string> => [
  ...(answer.reasoning === undefined
    ? []
    : [chunk(answer.model, { role: "assistant", reasoning_content: answer.reasoning })]),
  ...answer.pieces.map((text, i) =>
    chunk(answer.model, i === 0 ? { role: "assistant", content: text } : { content: text })
  ),
  ...(answer.toolCalls ?? []).flatMap((call, index) => [
    chunk(answer.model, {
      tool_calls: [{ index, id: call.id, type: "function", function: { name: call.name, arguments: "" } }]
    }),
    ...argumentPieces(call).map((piece) =>
      chunk(answer.model, { tool_calls: [{ index, function: { arguments: piece } }] })
    )
  ]),
  chunk(answer.model, {}, (answer.toolCalls ?? []).length > 0 ? "tool_calls" : "stop"),
  usage(answer.model, answer.promptTokens, answer.pieces.length),
  done
]

/** The complete answer (`stream` not set): one `chat.completion` object. */
export const completion = (answer: Answer, id = fixed.id) =>
  JSON.stringify({
    id,
    object: "chat.completion",
    created: fixed.created,
    model: answer.model,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: answer.pieces.join(""),
          ...(answer.reasoning === undefined ? {} : { reasoning_content: answer.reasoning }),
          ...((answer.toolCalls ?? []).length === 0
            ? {}
            : {
                tool_calls: answer.toolCalls?.map((call) => ({
                  id: call.id,
                  type: "function",
                  function: { name: call.name, arguments: call.arguments }
                }))
              })
        },
        finish_reason: (answer.toolCalls ?? []).length > 0 ? "tool_calls" : "stop"
      }
    ],
    usage: {
      prompt_tokens: answer.promptTokens,
      completion_tokens: answer.pieces.length,
      total_tokens: answer.promptTokens + answer.pieces.length
    }
  })

/** `GET /v1/models`; `contextLength` becomes vLLM's `max_model_len`. */
export const modelList = (models: ReadonlyArray<string>, contextLength?: number) => ({
  object: "list",
  data: models.map((id) => ({
    id,
    object: "model",
    created: 1,
    owned_by: "test",
    ...(contextLength === undefined ? {} : { max_model_len: contextLength })
  }))
})

/** An error body as OpenAI sends it. */
export const error = (message: string, type = "invalid_request_error") => ({
  error: { message, type, code: null, param: null }
})
