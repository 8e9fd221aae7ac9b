/**
 * What the gateway does with each field of a Chat Completions request when the model is on a provider that is
 * translated (Anthropic, Gemini, OpenAI Responses): sent on (as that protocol's own field), dropped because it changes
 * nothing (a bookkeeping field, or a field at its neutral value such as `n: 1`), or refused with a 400 naming it
 * because its meaning would be lost. The README's table is this one; `ChatCompletionFields.test.ts` keeps them equal.
 */
import { markdownTable } from "./MarkdownTable"
import { InvalidInput } from "@switchboard/core/domain/Errors"
import { excerpt } from "@switchboard/core/domain/Excerpt"
import { providerTypeLabels } from "@switchboard/core/domain/ProviderTypes"
import { Either } from "effect"

/** The provider types a Chat Completions request is translated for, in the table's column order. */
export const translatedTypes = ["anthropic", "gemini", "openai-responses"] as const
export type TranslatedType = (typeof translatedTypes)[number]

/**
 * `sent`: translated and sent. `neutral`: accepted at its neutral value (then dropped), refused otherwise.
 * `dropped`: accepted and dropped whatever its value (bookkeeping that does not change the answer). `refused`: refused
 * unless `null`.
 */
export type Handling = "sent" | "neutral" | "dropped" | "refused"

export interface FieldRule {
  readonly anthropic: Handling
  readonly gemini: Handling
  readonly "openai-responses": Handling
  /** For `neutral`: the values that change nothing (compared as JSON). */
  readonly neutral?: ReadonlyArray<unknown>
  /** Shown in the README and in the refusal. */
  readonly note?: string
}

const isNeutral = (rule: FieldRule, value: unknown) =>
  rule.neutral?.some((neutral) => JSON.stringify(neutral) === JSON.stringify(value)) === true

/** Every field of OpenAI's `CreateChatCompletionRequest`, and `top_k`, which vLLM and OpenRouter take too. */
export const chatCompletionFields = {
  model: { anthropic: "sent", gemini: "sent", "openai-responses": "sent", note: "`<provider id>/<model id>`" },
  messages: { anthropic: "sent", gemini: "sent", "openai-responses": "sent" },
  stream: { anthropic: "sent", gemini: "sent", "openai-responses": "sent" },
  stream_options: { anthropic: "sent", gemini: "sent", "openai-responses": "sent", note: "`include_usage`" },
  max_tokens: {
    anthropic: "sent",
    gemini: "sent",
    "openai-responses": "sent",
    note: "Responses: raised to 16 at least"
  },
  max_completion_tokens: {
    anthropic: "sent",
    gemini: "sent",
    "openai-responses": "sent",
    note: "Responses: raised to 16 at least"
  },
  temperature: {
    anthropic: "sent",
    gemini: "sent",
    "openai-responses": "sent",
    note: "Anthropic takes 0–1: above 1 is sent as 1"
  },
  top_p: { anthropic: "sent", gemini: "sent", "openai-responses": "sent" },
  top_k: { anthropic: "sent", gemini: "sent", "openai-responses": "refused", note: "the Responses API has no top-k" },
  stop: {
    anthropic: "sent",
    gemini: "sent",
    "openai-responses": "refused",
    note: "the Responses API has no stop sequences"
  },
  seed: { anthropic: "refused", gemini: "sent", "openai-responses": "refused" },
  presence_penalty: { anthropic: "neutral", gemini: "sent", "openai-responses": "neutral", neutral: [0] },
  frequency_penalty: { anthropic: "neutral", gemini: "sent", "openai-responses": "neutral", neutral: [0] },
  response_format: {
    anthropic: "sent",
    gemini: "sent",
    "openai-responses": "sent",
    note: "Anthropic: JSON through a forced tool; Responses: `text.format`"
  },
  tools: { anthropic: "sent", gemini: "sent", "openai-responses": "sent", note: "`function` tools" },
  tool_choice: { anthropic: "sent", gemini: "sent", "openai-responses": "sent" },
  parallel_tool_calls: {
    anthropic: "sent",
    gemini: "neutral",
    "openai-responses": "sent",
    neutral: [true],
    note: "Gemini cannot forbid parallel calls"
  },
  reasoning_effort: {
    anthropic: "sent",
    gemini: "sent",
    "openai-responses": "sent",
    note: "Anthropic, Gemini: as a thinking budget; Responses: `reasoning.effort`"
  },
  n: { anthropic: "neutral", gemini: "neutral", "openai-responses": "neutral", neutral: [1] },
  logprobs: { anthropic: "neutral", gemini: "neutral", "openai-responses": "neutral", neutral: [false] },
  top_logprobs: { anthropic: "neutral", gemini: "neutral", "openai-responses": "neutral", neutral: [0] },
  logit_bias: { anthropic: "neutral", gemini: "neutral", "openai-responses": "neutral", neutral: [{}] },
  modalities: {
    anthropic: "neutral",
    gemini: "neutral",
    "openai-responses": "neutral",
    neutral: [["text"]]
  },
  service_tier: {
    anthropic: "neutral",
    gemini: "neutral",
    "openai-responses": "neutral",
    neutral: ["auto", "default"]
  },
  verbosity: { anthropic: "neutral", gemini: "neutral", "openai-responses": "neutral", neutral: ["medium"] },
  audio: { anthropic: "refused", gemini: "refused", "openai-responses": "refused" },
  prediction: { anthropic: "refused", gemini: "refused", "openai-responses": "refused" },
  web_search_options: { anthropic: "refused", gemini: "refused", "openai-responses": "refused" },
  functions: {
    anthropic: "refused",
    gemini: "refused",
    "openai-responses": "refused",
    note: "the old form of `tools`: send `tools`"
  },
  function_call: {
    anthropic: "refused",
    gemini: "refused",
    "openai-responses": "refused",
    note: "the old form of `tool_choice`: send `tool_choice`"
  },
  user: { anthropic: "dropped", gemini: "dropped", "openai-responses": "dropped" },
  metadata: { anthropic: "dropped", gemini: "dropped", "openai-responses": "dropped" },
  store: {
    anthropic: "dropped",
    gemini: "dropped",
    "openai-responses": "dropped",
    note: "Responses: always `store: false`"
  },
  prompt_cache_key: { anthropic: "dropped", gemini: "dropped", "openai-responses": "dropped" },
  safety_identifier: { anthropic: "dropped", gemini: "dropped", "openai-responses": "dropped" }
} satisfies Record<string, FieldRule>

export type ChatCompletionField = keyof typeof chatCompletionFields

const isField = (name: string): name is ChatCompletionField => Object.hasOwn(chatCompletionFields, name)

/**
 * The request's fields that go on, every other one checked against the table: an unknown field, or one whose meaning
 * `type` cannot keep, is a 400 naming it.
 */
export const checkFields = (
  body: Readonly<Record<string, unknown>>,
  type: TranslatedType
): Either.Either<ReadonlySet<ChatCompletionField>, InvalidInput> => {
  const sent = new Set<ChatCompletionField>()
  for (const [name, value] of Object.entries(body)) {
    if (!isField(name))
      return Either.left(new InvalidInput({ field: excerpt(name), problem: "is not a Chat Completions request field" }))
    if (value === null) continue
    const rule: FieldRule = chatCompletionFields[name]
    const handling = rule[type]
    if (handling === "sent") sent.add(name)
    else if (handling === "refused" || (handling === "neutral" && !isNeutral(rule, value)))
      return Either.left(
        new InvalidInput({
          field: name,
          problem:
            `cannot be honoured on ${/^[AEIOU]/.test(providerTypeLabels[type]) ? "an" : "a"} ${providerTypeLabels[type]} provider` +
            (handling === "neutral" ? " at this value" : "") +
            (rule.note === undefined ? "" : ` (${rule.note})`)
        })
      )
  }
  return Either.right(sent)
}

const handlingText = (rule: FieldRule, handling: Handling): string => {
  switch (handling) {
    case "sent":
      return "sent"
    case "dropped":
      return "dropped"
    case "refused":
      return "refused"
    case "neutral":
      return `dropped at ${(rule.neutral ?? []).map((value) => `\`${JSON.stringify(value)}\``).join(" or ")}, else refused`
  }
}

/** The table as the README shows it. */
export const fieldTable = (): string =>
  markdownTable(
    ["field", ...translatedTypes.map((type) => providerTypeLabels[type]), "note"],
    Object.entries(chatCompletionFields).map(([name, rule]: [string, FieldRule]) => [
      `\`${name}\``,
      ...translatedTypes.map((type) => handlingText(rule, rule[type])),
      rule.note ?? ""
    ])
  )
