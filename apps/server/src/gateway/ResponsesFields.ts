/**
 * What the gateway does with each field of a Responses request when the model is on a provider that is translated
 * (OpenAI-compatible, Azure, Anthropic, Gemini): sent on (as that protocol's own field), dropped because it changes
 * nothing (bookkeeping, or a field at its neutral value such as `background: false`), or refused with a 400 naming it
 * because its meaning would be lost. Nothing is stored, so whatever needs a stored response (`previous_response_id`,
 * `store: true`, `conversation`, a stored `prompt`) is refused. The README's table is this one;
 * `ResponsesFields.test.ts` keeps them equal.
 */
import { markdownTable } from "./MarkdownTable"
import { InvalidInput } from "@switchboard/core/domain/Errors"
import { excerpt } from "@switchboard/core/domain/Excerpt"
import { Either } from "effect"

/**
 * `sent`: translated and sent. `neutral`: accepted at its neutral value (then dropped), refused otherwise.
 * `dropped`: accepted and dropped whatever its value. `refused`: refused unless `null`.
 */
export type Handling = "sent" | "neutral" | "dropped" | "refused"

export interface FieldRule {
  readonly handling: Handling
  /** For `neutral`: the values that change nothing (compared as JSON). */
  readonly neutral?: ReadonlyArray<unknown>
  /** Shown in the README and in the refusal. */
  readonly note?: string
}

const stored = "nothing is stored here: send the whole conversation in `input`"

/** Every field of OpenAI's `CreateResponse`. */
export const responsesFields = {
  model: { handling: "sent", note: "`<provider id>/<model id>`" },
  input: { handling: "sent", note: "messages, `function_call`, `function_call_output`, reasoning, `item_reference`" },
  instructions: { handling: "sent", note: "as the system message" },
  stream: { handling: "sent" },
  max_output_tokens: { handling: "sent" },
  temperature: { handling: "sent", note: "Anthropic takes 0–1: above 1 is sent as 1" },
  top_p: { handling: "sent" },
  tools: { handling: "sent", note: "`function` tools; built-in tools are refused" },
  tool_choice: { handling: "sent", note: "`auto`, `none`, `required` or one function" },
  parallel_tool_calls: { handling: "sent", note: "Gemini cannot forbid parallel calls: `false` is refused there" },
  text: { handling: "sent", note: "`format` (`text`, `json_object`, `json_schema`); `verbosity` only `medium`" },
  reasoning: { handling: "sent", note: "`effort` as a thinking budget (`xhigh`, `max` as `high`); `summary` dropped" },
  include: {
    handling: "neutral",
    neutral: [[], ["reasoning.encrypted_content"]],
    note: "a reasoning item's signature is always in its `encrypted_content`"
  },
  store: { handling: "neutral", neutral: [false], note: `${stored}; leave it out or send \`false\`` },
  previous_response_id: { handling: "refused", note: stored },
  conversation: { handling: "refused", note: stored },
  prompt: { handling: "refused", note: "a prompt template stored at OpenAI" },
  background: { handling: "neutral", neutral: [false] },
  truncation: { handling: "neutral", neutral: ["disabled"] },
  top_logprobs: { handling: "neutral", neutral: [0] },
  service_tier: { handling: "neutral", neutral: ["auto", "default"] },
  context_management: { handling: "refused", note: "OpenAI's server-side compaction" },
  moderation: { handling: "refused", note: "OpenAI's moderation" },
  stream_options: { handling: "dropped", note: "`include_obfuscation`: nothing is obfuscated" },
  max_tool_calls: { handling: "dropped", note: "counts calls of built-in tools, which are refused" },
  metadata: { handling: "dropped", note: "echoed in the answer" },
  user: { handling: "dropped" },
  safety_identifier: { handling: "dropped" },
  prompt_cache_key: { handling: "dropped" },
  prompt_cache_retention: { handling: "dropped" },
  prompt_cache_options: { handling: "dropped" }
} satisfies Record<string, FieldRule>

export type ResponsesField = keyof typeof responsesFields

const isField = (name: string): name is ResponsesField => Object.hasOwn(responsesFields, name)

const isNeutral = (rule: FieldRule, value: unknown) =>
  rule.neutral?.some((neutral) => JSON.stringify(neutral) === JSON.stringify(value)) === true

/**
 * Checks every field of `body` against the table, for a provider whose type reads as `label` in a refusal: an unknown
 * field, or one whose meaning would be lost, is a 400 naming it.
 */
export const checkFields = (
  body: Readonly<Record<string, unknown>>,
  label: string
): Either.Either<void, InvalidInput> => {
  for (const [name, value] of Object.entries(body)) {
    if (!isField(name))
      return Either.left(new InvalidInput({ field: excerpt(name), problem: "is not a Responses request field" }))
    const rule: FieldRule = responsesFields[name]
    if (value === null || rule.handling === "sent" || rule.handling === "dropped") continue
    if (rule.handling === "neutral" && isNeutral(rule, value)) continue
    return Either.left(
      new InvalidInput({
        field: name,
        problem:
          `cannot be honoured on ${label}` +
          (rule.handling === "neutral" ? " at this value" : "") +
          (rule.note === undefined ? "" : ` (${rule.note})`)
      })
    )
  }
  return Either.right(undefined)
}

const handlingText = (rule: FieldRule): string =>
  rule.handling === "neutral"
    ? `dropped at ${(rule.neutral ?? []).map((value) => `\`${JSON.stringify(value)}\``).join(" or ")}, else refused`
    : rule.handling

/** The table as the README shows it. */
export const fieldTable = (): string =>
  markdownTable(
    ["field", "translated", "note"],
    Object.entries(responsesFields).map(([name, rule]: [string, FieldRule]) => [
      `\`${name}\``,
      handlingText(rule),
      rule.note ?? ""
    ])
  )
