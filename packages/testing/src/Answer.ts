/** What a fake provider answers, independent of its protocol: the model, the text pieces, reasoning, token counts. */
export interface Answer {
  readonly model: string
  /** The text, in the pieces the stream sends (one frame each); the output token count is their number. */
  readonly pieces: ReadonlyArray<string>
  readonly reasoning?: string | undefined
  readonly promptTokens: number
}
