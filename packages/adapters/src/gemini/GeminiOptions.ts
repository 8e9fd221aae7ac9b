/**
 * The request's options as Gemini's: sampling, limits, the response format and thinking → `generationConfig`, tools →
 * one `functionDeclarations` tool, the tool choice → `toolConfig`. Only what the request sets is sent, so Gemini's
 * own defaults (which differ by model) hold for the rest. `parallelToolCalls` has no Gemini word and is not sent.
 */
import type { GenerationOptions, Reasoning, ToolChoice, ToolDefinition } from "@switchboard/core/domain/ChatRequest"
import type { Types } from "effect"
import { Refusal } from "./GeminiRefusal"
import { toGeminiSchema } from "./GeminiSchema"
import type { FunctionDeclaration, GenerationConfig, ToolConfig } from "./GeminiWire"

/**
 * Thinking budgets for an effort. Every budget here is one all 2.5 models accept: `minimal` is Flash-Lite's floor
 * (0 would turn thinking off, which 2.5 Pro refuses), `high` is Flash's ceiling. Gemini 3 reads budgets too.
 */
export const thinkingBudgets = { minimal: 512, low: 1024, medium: 8192, high: 24576 } as const

const thinkingBudget = (reasoning: Reasoning): number | undefined =>
  reasoning.budgetTokens ?? (reasoning.effort === undefined ? undefined : thinkingBudgets[reasoning.effort])

/**
 * A declaration per tool. Parameters of an object without properties are left out: Gemini refuses an `OBJECT`
 * without properties there ("should be non-empty for OBJECT type"), and no parameters means the same. The spec
 * requires a description; an empty one is what proto3 reads for none.
 */
const declarations = (tools: ReadonlyArray<ToolDefinition>): Array<FunctionDeclaration> | Refusal => {
  const out: Array<FunctionDeclaration> = []
  for (const [index, tool] of tools.entries()) {
    const parameters = toGeminiSchema(tool.parameters, `tools[${index}].parameters`)
    if (parameters instanceof Refusal) return parameters
    const empty = parameters.type === "OBJECT" && Object.keys(parameters.properties ?? {}).length === 0
    out.push({ name: tool.name, description: tool.description ?? "", ...(empty ? {} : { parameters }) })
  }
  return out
}

const toolConfig = (choice: ToolChoice): ToolConfig => ({
  functionCallingConfig:
    choice === "auto"
      ? { mode: "AUTO" }
      : choice === "none"
        ? { mode: "NONE" }
        : choice === "required"
          ? { mode: "ANY" }
          : { mode: "ANY", allowedFunctionNames: [choice.name] }
})

export interface Options {
  readonly generationConfig?: GenerationConfig
  readonly tools?: ReadonlyArray<{ readonly functionDeclarations: ReadonlyArray<FunctionDeclaration> }>
  readonly toolConfig?: ToolConfig
}

/** The options' part of the body, or the `Refusal` of a schema Gemini cannot take. */
export const toOptions = (options: GenerationOptions): Options | Refusal => {
  const config: Types.Mutable<GenerationConfig> = {}
  if (options.maxTokens !== undefined) config.maxOutputTokens = options.maxTokens
  if (options.temperature !== undefined) config.temperature = options.temperature
  if (options.topP !== undefined) config.topP = options.topP
  if (options.topK !== undefined) config.topK = options.topK
  if (options.stop !== undefined && options.stop.length > 0) config.stopSequences = options.stop
  if (options.seed !== undefined) config.seed = options.seed
  if (options.presencePenalty !== undefined) config.presencePenalty = options.presencePenalty
  if (options.frequencyPenalty !== undefined) config.frequencyPenalty = options.frequencyPenalty
  const format = options.responseFormat
  if (format !== undefined && format.type !== "text") {
    config.responseMimeType = "application/json"
    if (format.type === "json_schema") {
      const schema = toGeminiSchema(format.schema, "responseFormat.schema")
      if (schema instanceof Refusal) return schema
      config.responseSchema = schema
    }
  }
  const budget = options.reasoning === undefined ? undefined : thinkingBudget(options.reasoning)
  if (budget !== undefined) config.thinkingConfig = { thinkingBudget: budget, includeThoughts: true }
  const tools = options.tools === undefined || options.tools.length === 0 ? undefined : declarations(options.tools)
  if (tools instanceof Refusal) return tools
  return {
    ...(Object.keys(config).length === 0 ? {} : { generationConfig: config }),
    ...(tools === undefined ? {} : { tools: [{ functionDeclarations: tools }] }),
    ...(options.toolChoice === undefined ? {} : { toolConfig: toolConfig(options.toolChoice) })
  }
}
