/**
 * A translated answer as OpenAI's `response` object: its output items (reasoning, the assistant's message, function
 * calls), its status and usage, and the request's settings it echoes, as the spec's `Response` requires them. The
 * complete answer is one such object; a stream's lifecycle events (`ResponsesWriter.ts`) carry it too, built here
 * from the items they wrote.
 */
import type { FinishReason, Usage } from "@switchboard/core/domain/ChatEvent"
import type { Answer } from "./Collected"
import { carryingId, type SignedContent, sealedSignature } from "./ResponsesIds"
import type { ResponsesRequest } from "./ResponsesRequest"

export type ItemStatus = "in_progress" | "completed" | "incomplete"

/** How a finished answer ended: cut by the token limit or a filter is `incomplete`, saying why. */
export const endingOf = (reason: FinishReason) =>
  reason === "length"
    ? ({ status: "incomplete", incomplete_details: { reason: "max_output_tokens" } } as const)
    : reason === "content_filter"
      ? ({ status: "incomplete", incomplete_details: { reason: "content_filter" } } as const)
      : ({ status: "completed", incomplete_details: null } as const)

export type Ending = ReturnType<typeof endingOf>

/**
 * Token counts as the Responses API reports them: all input in `input_tokens`, the cached and reasoning parts in
 * details. Always there, zeros when the provider said nothing: the Vercel AI SDK requires usage on the last event.
 */
export const usageJson = (usage: Usage | undefined) => {
  const input = usage?.inputTokens ?? 0
  const output = usage?.outputTokens ?? 0
  return {
    input_tokens: input,
    input_tokens_details: {
      cached_tokens: usage?.cachedInputTokens ?? 0,
      cache_write_tokens: usage?.cacheWriteTokens ?? 0
    },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: usage?.reasoningTokens ?? 0 },
    total_tokens: input + output
  }
}

export const outputText = (text: string) => ({ type: "output_text" as const, text, annotations: [], logprobs: [] })

export const messageItem = (id: string, text: string, status: ItemStatus) => ({
  type: "message" as const,
  id,
  status,
  role: "assistant" as const,
  content: status === "in_progress" ? [] : [outputText(text)]
})

export interface Call {
  readonly callId: string
  readonly name: string
  readonly arguments: string
}

export const callItem = (id: string, call: Call, status: ItemStatus) => ({
  type: "function_call" as const,
  id,
  call_id: call.callId,
  name: call.name,
  arguments: call.arguments,
  status
})

export const summaryText = (text: string) => ({ type: "summary_text" as const, text })

/** A reasoning item: its text as the summary, and its signature (when one came) as `encrypted_content`. */
export const reasoningItem = (id: string, text: string, signed: SignedContent | undefined) => ({
  type: "reasoning" as const,
  id,
  summary: text === "" ? [] : [summaryText(text)],
  ...(signed === undefined ? {} : { encrypted_content: sealedSignature(signed) })
})

export type OutputItem = ReturnType<typeof messageItem | typeof callItem | typeof reasoningItem>

/** The signature part of a reasoning item, when the answer had one. */
export const signedOf = (
  signature: string | undefined,
  redacted: string | undefined,
  signedBy: string | undefined
): SignedContent | undefined =>
  signature === undefined && redacted === undefined
    ? undefined
    : {
        ...(signature === undefined ? {} : { signature }),
        ...(redacted === undefined ? {} : { redacted }),
        ...(signedBy === undefined ? {} : { signedBy })
      }

/** The request's settings as the answer echoes them (`null`, or OpenAI's default, where the client set none). */
const echo = (request: ResponsesRequest | undefined) => {
  const format = request?.text?.format
  return {
    instructions: request?.instructions ?? null,
    max_output_tokens: request?.max_output_tokens ?? null,
    max_tool_calls: null,
    metadata: request?.metadata ?? {},
    parallel_tool_calls: request?.parallel_tool_calls ?? true,
    reasoning: { effort: request?.reasoning?.effort ?? null, summary: request?.reasoning?.summary ?? null },
    temperature: request?.temperature ?? null,
    text: {
      format:
        format == null || format.type !== "json_schema"
          ? (format ?? { type: "text" })
          : {
              type: format.type,
              name: format.name,
              schema: format.schema,
              strict: format.strict ?? null,
              ...(format.description == null ? {} : { description: format.description })
            },
      verbosity: "medium"
    },
    tool_choice: request?.tool_choice ?? "auto",
    tools: (request?.tools ?? []).map((tool) => ({
      type: "function",
      name: tool.name,
      description: tool.description ?? null,
      parameters: tool.parameters ?? null,
      strict: tool.strict ?? null
    })),
    top_p: request?.top_p ?? null
  }
}

/** What every state of one response shares: its id, creation time, the client's model name and request. */
export interface ResponseHead {
  readonly id: string
  /** Unix seconds. */
  readonly createdAt: number
  /** The model as the client wrote it. */
  readonly model: string
  readonly request: ResponsesRequest | undefined
}

/** The `response` object in progress (no output yet), or finished with its output, ending and usage. */
export const responseObject = (
  head: ResponseHead,
  state:
    | { readonly status: "in_progress" }
    | { readonly ending: Ending; readonly output: ReadonlyArray<OutputItem>; readonly usage: Usage | undefined }
) => {
  const finished = "ending" in state
  return {
    id: head.id,
    object: "response" as const,
    created_at: head.createdAt,
    status: finished ? state.ending.status : state.status,
    ...(finished && state.ending.status === "completed" ? { completed_at: Math.floor(Date.now() / 1000) } : {}),
    background: false,
    error: null,
    incomplete_details: finished ? state.ending.incomplete_details : null,
    model: head.model,
    output: finished ? state.output : [],
    previous_response_id: null,
    service_tier: "default" as const,
    store: false,
    top_logprobs: 0,
    truncation: "disabled" as const,
    ...echo(head.request),
    ...(finished ? { usage: usageJson(state.usage) } : {})
  }
}

/**
 * The whole answer as one `response`: reasoning, then the message (there is always one unless the model only called
 * tools), then each call. Every item is whole here, so every id carries its item (`ResponsesIds.ts`).
 */
export const completeResponse = (head: ResponseHead, answer: Answer, signedBy: string | undefined) => {
  const ending = endingOf(answer.finishReason)
  const itemStatus = ending.status === "completed" ? "completed" : "incomplete"
  const signed = signedOf(answer.reasoningSignature, answer.redactedReasoning, signedBy)
  const output: Array<OutputItem> = []
  if (answer.reasoning !== "" || signed !== undefined)
    output.push(
      reasoningItem(carryingId({ type: "reasoning", text: answer.reasoning, ...signed }), answer.reasoning, signed)
    )
  if (answer.text !== "" || answer.toolCalls.length === 0)
    output.push(messageItem(carryingId({ type: "message", text: answer.text }), answer.text, itemStatus))
  for (const call of answer.toolCalls) {
    const signature = signedOf(call.signature, undefined, signedBy)
    const id = carryingId({
      type: "function_call",
      call_id: call.id,
      name: call.name,
      arguments: call.arguments,
      ...signature
    })
    output.push(callItem(id, { callId: call.id, name: call.name, arguments: call.arguments }, "completed"))
  }
  return responseObject(head, { ending, output, usage: answer.usage })
}
