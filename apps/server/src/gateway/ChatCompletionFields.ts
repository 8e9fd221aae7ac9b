/**
 * What the gateway does with each field of a Chat Completions request when the model is on a provider that is
 * translated (Anthropic, Gemini): sent on (as that protocol's own field), dropped because it changes nothing (a
 * bookkeeping field, or a field at its neutral value such as `n: 1`), or refused with a 400 naming it because its
 * meaning would be lost. The README's table is this one; `ChatCompletionFields.test.ts` keeps them equal.
 */
import { InvalidInput } from "@switchboard/core/domain/Errors"
import { excerpt } from "@switchboard/core/domain/Excerpt"
import { Either } from "effect"

export type TranslatedType = "anthropic" | "gemini"

/**
 * `sent`: translated and sent. `neutral`: accepted at its neutral value (then dropped), refused otherwise.
 * `dropped`: accepted and dropped whatever its value (bookkeeping that does not change the answer). `refused`: refused
 * unless `null`.
 */
export type Handling = "sent" | "neutral" | "dropped" | "refused"

export interface FieldRule {
  readonly anthropic: Handling
  readonly gemini: Handling
  /** For `neutral`: the values that change nothing (compared as JSON). */
  readonly neutral?: ReadonlyArray<unknown>
  /** Shown in the README and in the refusal. */
  readonly note?: string
}

const isNeutral = (rule: FieldRule, value: unknown) =>
  rule.neutral?.some((neutral) => JSON.stringify(neutral) === JSON.stringify(value)) === true

/** Every field of OpenAI's `CreateChatCompletionRequest`, and `top_k`, which vLLM and OpenRouter take too. */
export const chatCompletionFields = {
  model: { anthropic: "sent", gemini: "sent", note: "`<provider id>/<model id>`" },
  messages: { anthropic: "sent", gemini: "sent" },
  stream: { anthropic: "sent", gemini: "sent" },
  stream_options: { anthropic: "sent", gemini: "sent", note: "`include_usage`" },
  max_tokens: { anthropic: "sent", gemini: "sent" },
  max_completion_tokens: { anthropic: "sent", gemini: "sent" },
  temperature: { anthropic: "sent", gemini: "sent", note: "Anthropic takes 0–1: above 1 is sent as 1" },
  top_p: { anthropic: "sent", gemini: "sent" },
  top_k: { anthropic: "sent", gemini: "sent" },
  stop: { anthropic: "sent", gemini: "sent" },
  seed: { anthropic: "refused", gemini: "sent" },
  presence_penalty: { anthropic: "neutral", gemini: "sent", neutral: [0] },
  frequency_penalty: { anthropic: "neutral", gemini: "sent", neutral: [0] },
  response_format: { anthropic: "sent", gemini: "sent", note: "Anthropic: JSON through a forced tool" },
  tools: { anthropic: "sent", gemini: "sent", note: "`function` tools" },
  tool_choice: { anthropic: "sent", gemini: "sent" },
  parallel_tool_calls: {
    anthropic: "sent",
    gemini: "neutral",
    neutral: [true],
    note: "Gemini cannot forbid parallel calls"
  },
  reasoning_effort: { anthropic: "sent", gemini: "sent", note: "as a thinking budget" },
  n: { anthropic: "neutral", gemini: "neutral", neutral: [1] },
  logprobs: { anthropic: "neutral", gemini: "neutral", neutral: [false] },
  top_logprobs: { anthropic: "neutral", gemini: "neutral", neutral: [0] },
  logit_bias: { anthropic: "neutral", gemini: "neutral", neutral: [{}] },
  modalities: {
    anthropic: "neutral",
    gemini: "neutral",
    neutral: [["text"]]
  },
  service_tier: {
    anthropic: "neutral",
    gemini: "neutral",
    neutral: ["auto", "default"]
  },
  verbosity: { anthropic: "neutral", gemini: "neutral", neutral: ["medium"] },
  audio: { anthropic: "refused", gemini: "refused" },
  prediction: { anthropic: "refused", gemini: "refused" },
  web_search_options: { anthropic: "refused", gemini: "refused" },
  functions: { anthropic: "refused", gemini: "refused", note: "the old form of `tools`: send `tools`" },
  function_call: { anthropic: "refused", gemini: "refused", note: "the old form of `tool_choice`: send `tool_choice`" },
  user: { anthropic: "dropped", gemini: "dropped" },
  metadata: { anthropic: "dropped", gemini: "dropped" },
  store: { anthropic: "dropped", gemini: "dropped" },
  prompt_cache_key: { anthropic: "dropped", gemini: "dropped" },
  safety_identifier: { anthropic: "dropped", gemini: "dropped" }
} satisfies Record<string, FieldRule>

export type ChatCompletionField = keyof typeof chatCompletionFields

const typeLabel: Readonly<Record<TranslatedType, string>> = { anthropic: "Anthropic", gemini: "Gemini" }

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
            `cannot be honoured on an ${typeLabel[type]} provider` +
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
  [
    "| field | Anthropic | Gemini | note |",
    "| --- | --- | --- | --- |",
    ...Object.entries(chatCompletionFields).map(
      ([name, rule]: [string, FieldRule]) =>
        `| \`${name}\` | ${handlingText(rule, rule.anthropic)} | ${handlingText(rule, rule.gemini)} | ${rule.note ?? ""} |`
    )
  ].join("\n")
