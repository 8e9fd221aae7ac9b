/**
 * Collects streamed text between renders. A model at hundreds of tokens per second would otherwise cost one React
 * render per token; the buffer hands over what arrived at most once per `intervalMs` (and at once when asked, e.g.
 * before the answer's end is shown), so rendering cost follows the clock, not the token rate.
 */
export interface Batch {
  readonly text: string
  readonly reasoning: string
}

export class StreamBuffer {
  private text = ""
  private reasoning = ""
  private timer: ReturnType<typeof setTimeout> | undefined = undefined

  constructor(
    private readonly deliver: (batch: Batch) => void,
    private readonly intervalMs = 40
  ) {}

  push(kind: "text" | "reasoning", piece: string): void {
    if (kind === "text") this.text += piece
    else this.reasoning += piece
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs)
  }

  /** Hands over whatever is waiting now. */
  flush(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    if (this.text === "" && this.reasoning === "") return
    const batch = { text: this.text, reasoning: this.reasoning }
    this.text = ""
    this.reasoning = ""
    this.deliver(batch)
  }

  /** Drops the timer without delivering (the screen is gone). */
  dispose(): void {
    clearTimeout(this.timer)
    this.timer = undefined
  }
}
