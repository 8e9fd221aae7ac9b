/**
 * The request's generation options as Messages body fields: the token limit, sampling, stop sequences and extended
 * thinking, with the rules Anthropic sets between them. `seed` and the presence and frequency penalties have no
 * Anthropic field and are not sent (the gateway refuses any but a neutral value of them before it gets here).
 */
import type { GenerationOptions, Reasoning } from "@switchboard/core/domain/ChatRequest"
import type { MessagesRequest } from "./AnthropicWire"

/**
 * Anthropic rejects a request without `max_tokens`, unlike the other protocols, so a request that sets none gets
 * this: enough for a long answer, and within the output limit of every current Claude model.
 */
export const defaultMaxTokens = 4096

/** The smallest thinking budget Anthropic takes. */
export const minThinkingBudget = 1024

/**
 * The thinking budget for an effort, where a request gives no budget: the least Anthropic takes for `minimal` and
 * `low` (Anthropic suggests starting there), then 4× per step; `high` with the default limit (20,480 tokens in all)
 * fits the output limit of every model that thinks (32K at the least).
 */
export const effortBudget: Readonly<Record<NonNullable<Reasoning["effort"]>, number>> = {
  minimal: minThinkingBudget,
  low: minThinkingBudget,
  medium: 4096,
  high: 16384
}

/**
 * The thinking budget a request asks for, raised to Anthropic's minimum; none (thinking off) without reasoning, with
 * neither a budget nor an effort, or with a budget of 0 (which turns thinking off, as Gemini reads it).
 */
export const thinkingBudget = (reasoning: Reasoning | undefined): number | undefined => {
  const budget =
    reasoning?.budgetTokens ?? (reasoning?.effort === undefined ? undefined : effortBudget[reasoning.effort])
  return budget === undefined || budget === 0 ? undefined : Math.max(budget, minThinkingBudget)
}

type OptionFields = Pick<
  MessagesRequest,
  "max_tokens" | "temperature" | "top_p" | "top_k" | "stop_sequences" | "thinking"
>

/**
 * The neutral temperature uses OpenAI's 0–2 range; Anthropic accepts 0–1, so anything above 1 is sent as 1 rather
 * than failing the request. With thinking (a `budget`), Anthropic refuses `temperature` and `top_k` and takes `top_p`
 * only from 0.95, so the first two are not sent and `top_p` is raised; and thinking counts against `max_tokens`,
 * which must exceed the budget, so a limit at or under it becomes budget + limit (the answer keeps its room).
 */
export const optionFields = (options: GenerationOptions, budget: number | undefined): OptionFields => {
  const maxTokens = options.maxTokens ?? defaultMaxTokens
  const stop = options.stop === undefined ? {} : { stop_sequences: options.stop }
  if (budget === undefined)
    return {
      max_tokens: maxTokens,
      ...(options.temperature === undefined ? {} : { temperature: Math.min(options.temperature, 1) }),
      ...(options.topP === undefined ? {} : { top_p: options.topP }),
      ...(options.topK === undefined ? {} : { top_k: options.topK }),
      ...stop
    }
  return {
    max_tokens: maxTokens > budget ? maxTokens : budget + maxTokens,
    thinking: { type: "enabled", budget_tokens: budget },
    ...(options.topP === undefined ? {} : { top_p: Math.max(options.topP, 0.95) }),
    ...stop
  }
}
