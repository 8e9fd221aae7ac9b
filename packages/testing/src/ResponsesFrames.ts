/**
 * OpenAI's Responses API wire format as a fake upstream sends it: the named SSE events of a streamed response
 * (`response.created` … `response.completed`, each with its `sequence_number`), the complete `response` object, and
 * the shapes OpenAI gives them (every field the spec's `Response` requires), so an answer here is one the vendored
 * spec accepts. The model list and error body are Chat Completions' (`OpenAiFrames`): the same server serves both.
 */
import { type Answer, argumentPieces, type ToolCall } from "./Answer"

/** Ids of the fake answers; fixed, so a test may compare whole objects. */
const fixed = { id: "resp_up", message: "msg_up", reasoning: "rs_up", created: 1 }

const callItemId = (index: number) => `fc_up_${index}`

/** One `event:`/`data:` frame; `sequence_number` counts the events of one response from 0. */
export const event = (type: string, sequence: number, data: object) =>
  `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence, ...data })}\n\n`

const calls = (answer: Answer) => answer.toolCalls ?? []

/** Output items in the order the response holds them: reasoning, the message, then each call. */
interface Indexed {
  readonly reasoning: number | undefined
  readonly message: number | undefined
  readonly call: (index: number) => number
}

const indexed = (answer: Answer): Indexed => {
  const reasoning = answer.reasoning === undefined ? undefined : 0
  const message = answer.pieces.length === 0 ? undefined : (reasoning ?? -1) + 1
  const first = (message ?? reasoning ?? -1) + 1
  return { reasoning, message, call: (index) => first + index }
}

const reasoningItem = (answer: Answer) => ({
  type: "reasoning",
  id: fixed.reasoning,
  summary: answer.reasoning === undefined ? [] : [{ type: "summary_text", text: answer.reasoning }]
})

const outputText = (text: string) => ({ type: "output_text", text, annotations: [], logprobs: [] })

const messageItem = (text: string, status: "in_progress" | "completed") => ({
  type: "message",
  id: fixed.message,
  role: "assistant",
  status,
  content: status === "in_progress" ? [] : [outputText(text)]
})

const callItem = (call: ToolCall, index: number, status: "in_progress" | "completed") => ({
  type: "function_call",
  id: callItemId(index),
  call_id: call.id,
  name: call.name,
  arguments: status === "in_progress" ? "" : call.arguments,
  status
})

/** Every output item of the finished answer. */
const output = (answer: Answer) => [
  ...(answer.reasoning === undefined ? [] : [reasoningItem(answer)]),
  ...(answer.pieces.length === 0 ? [] : [messageItem(answer.pieces.join(""), "completed")]),
  ...calls(answer).map((call, index) => callItem(call, index, "completed"))
]

/** Token counts: the prompt, and one output token per piece. */
const usage = (answer: Answer) => ({
  input_tokens: answer.promptTokens,
  input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 },
  output_tokens: answer.pieces.length,
  output_tokens_details: { reasoning_tokens: 0 },
  total_tokens: answer.promptTokens + answer.pieces.length
})

/** The `response` object in one of its states: in progress (no output yet), or completed with all of it. */
export const responseObject = (answer: Answer, status: "in_progress" | "completed") => ({
  id: fixed.id,
  object: "response",
  created_at: fixed.created,
  status,
  completed_at: status === "completed" ? fixed.created : null,
  error: null,
  incomplete_details: null,
  instructions: null,
  max_output_tokens: null,
  model: answer.model,
  output: status === "completed" ? output(answer) : [],
  parallel_tool_calls: true,
  previous_response_id: null,
  reasoning: { effort: null, summary: null },
  store: false,
  temperature: 1,
  text: { format: { type: "text" } },
  tool_choice: "auto",
  tools: [],
  top_p: 1,
  truncation: "disabled",
  // OpenAI sends `usage: null` until the response completes; the spec's `usage` is not nullable, so it is left out.
  ...(status === "completed" ? { usage: usage(answer) } : {}),
  metadata: {}
})

/** Every event of a streamed answer: its reasoning summary, one text delta per piece, each call's arguments in pieces. */
export const frames = (answer: Answer): Array<string> => {
  const at = indexed(answer)
  const list: Array<[string, object]> = [
    ["response.created", { response: responseObject(answer, "in_progress") }],
    ["response.in_progress", { response: responseObject(answer, "in_progress") }]
  ]
  if (at.reasoning !== undefined) {
    const where = { item_id: fixed.reasoning, output_index: at.reasoning, summary_index: 0 }
    const text = answer.reasoning ?? ""
    list.push(
      ["response.output_item.added", { output_index: at.reasoning, item: { ...reasoningItem(answer), summary: [] } }],
      ["response.reasoning_summary_part.added", { ...where, part: { type: "summary_text", text: "" } }],
      ["response.reasoning_summary_text.delta", { ...where, delta: text }],
      ["response.reasoning_summary_text.done", { ...where, text }],
      ["response.reasoning_summary_part.done", { ...where, part: { type: "summary_text", text } }],
      ["response.output_item.done", { output_index: at.reasoning, item: reasoningItem(answer) }]
    )
  }
  if (at.message !== undefined) {
    const text = answer.pieces.join("")
    const where = { item_id: fixed.message, output_index: at.message, content_index: 0 }
    list.push(
      ["response.output_item.added", { output_index: at.message, item: messageItem(text, "in_progress") }],
      ["response.content_part.added", { ...where, part: outputText("") }],
      ...answer.pieces.map((delta): [string, object] => [
        "response.output_text.delta",
        { ...where, delta, logprobs: [] }
      ]),
      ["response.output_text.done", { ...where, text, logprobs: [] }],
      ["response.content_part.done", { ...where, part: outputText(text) }],
      ["response.output_item.done", { output_index: at.message, item: messageItem(text, "completed") }]
    )
  }
  calls(answer).forEach((call, index) => {
    const outputIndex = at.call(index)
    const where = { item_id: callItemId(index), output_index: outputIndex }
    list.push(
      ["response.output_item.added", { output_index: outputIndex, item: callItem(call, index, "in_progress") }],
      ...argumentPieces(call).map((delta): [string, object] => [
        "response.function_call_arguments.delta",
        { ...where, delta }
      ]),
      ["response.function_call_arguments.done", { ...where, name: call.name, arguments: call.arguments }],
      ["response.output_item.done", { output_index: outputIndex, item: callItem(call, index, "completed") }]
    )
  })
  list.push(["response.completed", { response: responseObject(answer, "completed") }])
  return list.map(([type, data], sequence) => event(type, sequence, data))
}

/** The complete answer (`stream: false`): one completed `response` object. */
export const response = (answer: Answer) => JSON.stringify(responseObject(answer, "completed"))
