/**
 * The timing shown under every answer: time to first token, total time and output speed. Computed once here so the
 * TUI, the web and the API report the same numbers for the same answer.
 */
import { Schema } from "effect"

export class Timing extends Schema.Class<Timing>("Timing")({
  /** From the start of the request (retries included) to the first text or reasoning; `null` if none came. */
  firstTokenMs: Schema.NullOr(Schema.Number),
  /** From the start of the request to the end of the answer. */
  totalMs: Schema.Number,
  /** Output tokens per second of generation (after the first token); `null` when there is no span to measure. */
  tokensPerSecond: Schema.NullOr(Schema.Number),
  /**
   * `false` when the speed comes from the provider's own output-token count; `true` when the provider reported no
   * usage and the count was estimated from the text (see `estimateTokens`).
   */
  tokensEstimated: Schema.Boolean
}) {}

/**
 * A rough token count for providers that report no usage: about four characters per token, the usual rule of thumb
 * for English text with GPT-style tokenizers. Good enough for a speed figure, never for billing.
 */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 4)

export interface TimingInput {
  /** Epoch milliseconds when the request started. */
  readonly startedAt: number
  /** Epoch milliseconds of the first text or reasoning event, if any. */
  readonly firstTokenAt: number | undefined
  readonly endedAt: number
  /** The provider's output-token count, if it reported usage. */
  readonly outputTokens: number | undefined
  /** Everything generated (text and reasoning), for the estimate. */
  readonly generatedText: string
}

/**
 * Speed is measured over the generation itself (first token to end), so a slow first byte does not hide a fast
 * model; an answer that arrived in one piece is measured over the whole request instead.
 */
export const measure = (input: TimingInput): Timing => {
  const totalMs = input.endedAt - input.startedAt
  const firstTokenMs = input.firstTokenAt === undefined ? null : input.firstTokenAt - input.startedAt
  const tokensEstimated = input.outputTokens === undefined
  const tokens = input.outputTokens ?? estimateTokens(input.generatedText)
  const generationMs = input.firstTokenAt === undefined ? 0 : input.endedAt - input.firstTokenAt
  const spanMs = generationMs > 0 ? generationMs : totalMs
  const tokensPerSecond = tokens > 0 && spanMs > 0 ? Math.round((tokens / spanMs) * 1000 * 100) / 100 : null
  // Computed numbers, not input: built without re-validation (it showed up in profiles of the gateway).
  return new Timing({ firstTokenMs, totalMs, tokensPerSecond, tokensEstimated }, { disableValidation: true })
}
