/**
 * How long Switchboard waits on a provider, and how hard it retries before output starts. Local models on slow
 * hardware need long first-byte timeouts, so each provider sets its own.
 */
import { Schema } from "effect"

const Millis = (max: number) => Schema.Int.pipe(Schema.between(100, max))

export class Timeouts extends Schema.Class<Timeouts>("Timeouts")({
  /** From sending the request to the first byte of the answer. */
  firstByteMs: Millis(3_600_000),
  /** Longest silence between two chunks of a streamed answer. */
  idleMs: Millis(3_600_000),
  /** Hard limit of one Verify check. */
  verifyMs: Millis(600_000),
  /** Retries (with backoff) on 429/5xx/network failures, before any output only. */
  maxRetries: Schema.Int.pipe(Schema.between(0, 10))
}) {
  static readonly defaults = new Timeouts({ firstByteMs: 120_000, idleMs: 60_000, verifyMs: 15_000, maxRetries: 2 })
}
