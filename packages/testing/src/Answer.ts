/** What a fake provider answers, independent of its protocol: the model, the text pieces, reasoning, token counts. */
export interface Answer {
  readonly model: string
  /** The text, in the pieces the stream sends (one frame each); the output token count is their number. */
  readonly pieces: ReadonlyArray<string>
  readonly reasoning?: string | undefined
  readonly promptTokens: number
  /** Tool calls after the text; the answer then finishes as the protocol's "tool use". */
  readonly toolCalls?: ReadonlyArray<ToolCall> | undefined
}

/** A call the fake model makes: `arguments` is JSON text. */
export interface ToolCall {
  readonly id: string
  readonly name: string
  readonly arguments: string
}

/** A call's arguments in two pieces, as models stream them. */
export const argumentPieces = (call: ToolCall): ReadonlyArray<string> => {
  const half = Math.ceil(call.arguments.length / 2)
  return [call.arguments.slice(0, half), call.arguments.slice(half)].filter((piece) => piece !== "")
}
