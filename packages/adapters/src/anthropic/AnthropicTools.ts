/**
 * The request's tools and tool choice as the Messages body's `tools` and `tool_choice`, the JSON response format's
 * tool (`AnthropicJsonTool`) included.
 */
import type { GenerationOptions, ToolChoice } from "@switchboard/core/domain/ChatRequest"
import { jsonTool } from "./AnthropicJsonTool"
import type { ToolChoiceParam, ToolParam } from "./AnthropicWire"

const choiceParam = (choice: ToolChoice): ToolChoiceParam => {
  if (typeof choice !== "string") return { type: "tool", name: choice.name }
  return { type: choice === "required" ? "any" : choice }
}

/** The caller's choice; parallel calls off puts `disable_parallel_tool_use` on it (`auto` when it gave none). */
const callerChoice = (
  options: Pick<GenerationOptions, "toolChoice" | "parallelToolCalls">
): ToolChoiceParam | undefined => {
  const choice = options.toolChoice === undefined ? undefined : choiceParam(options.toolChoice)
  if (options.parallelToolCalls !== false || choice?.type === "none") return choice
  return { ...(choice ?? { type: "auto" }), disable_parallel_tool_use: true }
}

/**
 * The choice with a JSON tool: that tool alone when it is the only one to call; with the caller's tools too, `any`,
 * so the model may call them first and give its JSON once it has their results (a caller's named tool stands).
 * Anthropic refuses forced use (`any`, `tool`) with thinking, so then the JSON tool is only offered (`auto`).
 * Parallel calls are off, as the Vercel AI SDK has them, so an answer is the JSON or one tool call, never both.
 */
const jsonChoice = (
  options: Pick<GenerationOptions, "tools" | "toolChoice">,
  json: ToolParam,
  thinking: boolean
): ToolChoiceParam => {
  if (thinking) return { type: "auto", disable_parallel_tool_use: true }
  if (typeof options.toolChoice === "object")
    return { type: "tool", name: options.toolChoice.name, disable_parallel_tool_use: true }
  if ((options.tools?.length ?? 0) > 0 && options.toolChoice !== "none")
    return { type: "any", disable_parallel_tool_use: true }
  return { type: "tool", name: json.name, disable_parallel_tool_use: true }
}

/** `tools` and `tool_choice`, or neither when the request has no tool (a choice among none means nothing). */
export const toolFields = (
  options: Pick<GenerationOptions, "tools" | "toolChoice" | "parallelToolCalls" | "responseFormat">,
  thinking: boolean
): { readonly tools?: ReadonlyArray<ToolParam>; readonly tool_choice?: ToolChoiceParam } => {
  const json = jsonTool(options.responseFormat)
  const tools: Array<ToolParam> = (options.tools ?? []).map((tool) => ({
    name: tool.name,
    ...(tool.description === undefined ? {} : { description: tool.description }),
    input_schema: tool.parameters
  }))
  if (json !== undefined) tools.push(json)
  if (tools.length === 0) return {}
  const choice = json === undefined ? callerChoice(options) : jsonChoice(options, json, thinking)
  return { tools, ...(choice === undefined ? {} : { tool_choice: choice }) }
}
