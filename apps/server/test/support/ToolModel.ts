/**
 * A fake model of any protocol (Chat Completions, Responses, Anthropic, Gemini) that behaves like a real one for agent
 * frameworks and the gateway's entry points: it reads the request the adapter sent and answers the way the model
 * would. With tools and no tool result yet it calls the first tool; once a result came back it answers in words naming
 * it; asked for JSON (Anthropic's forced tool, Gemini's response MIME type, Responses' `text.format`) it answers
 * `object`; shown an image it says how many it saw. So the SDK tests exercise the translation both ways, not a canned
 * reply.
 */
import type * as FakeProvider from "@switchboard/testing/FakeProvider"

export interface ToolModelOptions {
  /** The arguments the model calls its first tool with. */
  readonly arguments: Record<string, unknown>
  /** What it answers when asked for JSON. */
  readonly object: Record<string, unknown>
}

type Body = Record<string, unknown>
type Block = { readonly type?: string; readonly [key: string]: unknown }

/** The conversation's turns: messages, Gemini's contents or Responses' input items (a string input is none). */
const turnsOf = (body: Body): ReadonlyArray<Block> => {
  const turns = body.messages ?? body.contents ?? body.input
  return Array.isArray(turns) ? turns : []
}

const blocksOf = (body: Body): ReadonlyArray<Block> => {
  const turns = turnsOf(body) as ReadonlyArray<{ content?: unknown; parts?: ReadonlyArray<Block> }>
  return turns.flatMap((turn) =>
    Array.isArray(turn.content) ? (turn.content as ReadonlyArray<Block>) : (turn.parts ?? [])
  )
}

/** Chat Completions' tool messages and Responses' call outputs: a tool's result as a turn of its own. */
const resultTurns = (body: Body): ReadonlyArray<string> =>
  turnsOf(body).flatMap((turn) =>
    turn.role === "tool" && typeof turn.content === "string"
      ? [turn.content]
      : turn.type === "function_call_output" && typeof turn.output === "string"
        ? [turn.output]
        : []
  )

/** The result the last tool call got, as text, if the conversation holds one. */
const toolResult = (body: Body): string | undefined => {
  const inTurns = resultTurns(body)
  if (inTurns.length > 0) return inTurns.at(-1)
  const results = blocksOf(body).flatMap((block) => {
    if (block.type === "tool_result") {
      const content = block.content
      return [
        typeof content === "string"
          ? content
          : (content as ReadonlyArray<{ text?: string }>).map((part) => part.text ?? "").join("")
      ]
    }
    const response = (block as { functionResponse?: { response?: unknown } }).functionResponse
    return response === undefined ? [] : [JSON.stringify(response.response)]
  })
  return results.at(-1)
}

const images = (body: Body): number =>
  blocksOf(body).filter(
    (block) =>
      block.type === "image" ||
      block.type === "image_url" ||
      block.type === "input_image" ||
      (block as { inlineData?: unknown }).inlineData !== undefined
  ).length

const toolNames = (body: Body): ReadonlyArray<string> => {
  const tools = (body.tools ?? []) as ReadonlyArray<{
    name?: string
    function?: { name: string }
    functionDeclarations?: ReadonlyArray<{ name: string }>
  }>
  return tools.flatMap((tool) =>
    tool.name !== undefined
      ? [tool.name]
      : tool.function !== undefined
        ? [tool.function.name]
        : (tool.functionDeclarations ?? []).map((f) => f.name)
  )
}

/** The tool Anthropic is forced to call (the adapter's JSON output), if any. */
const forcedTool = (body: Body): string | undefined => {
  const choice = body.tool_choice as { type?: string; name?: string } | undefined
  return choice?.type === "tool" ? choice.name : undefined
}

/** Asked for JSON: Gemini's response MIME type, or the Responses API's `text.format`. */
const wantsJson = (body: Body): boolean =>
  (body.generationConfig as { responseMimeType?: string } | undefined)?.responseMimeType === "application/json" ||
  /^json_/.test((body.text as { format?: { type?: string } } | undefined)?.format?.type ?? "")

let calls = 0

/** The behaviour for `FakeProvider.behave`. */
export const toolModel =
  (options: ToolModelOptions) =>
  (chat: FakeProvider.ChatCall): FakeProvider.Behaviour => {
    const body = (chat.request.body ?? {}) as Body
    const forced = forcedTool(body)
    if (forced !== undefined)
      return {
        kind: "answer",
        pieces: [],
        toolCalls: [{ id: `toolu_${++calls}`, name: forced, arguments: JSON.stringify(options.object) }]
      }
    if (wantsJson(body)) {
      const json = JSON.stringify(options.object)
      return { kind: "answer", pieces: [json.slice(0, 5), json.slice(5)] }
    }
    const result = toolResult(body)
    if (result !== undefined) return { kind: "answer", pieces: ["The tool said: ", result] }
    const [tool] = toolNames(body)
    if (tool !== undefined)
      return {
        kind: "answer",
        pieces: [],
        toolCalls: [{ id: `toolu_${++calls}`, name: tool, arguments: JSON.stringify(options.arguments) }]
      }
    const seen = images(body)
    return { kind: "answer", pieces: seen > 0 ? [`I see ${seen} image`] : ["Hello", " there"] }
  }
