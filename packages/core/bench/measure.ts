/**
 * The timing loop every micro-benchmark uses: warm up, then several rounds of sequential runs, reporting the median
 * of the rounds' per-run means (a round disturbed by another process on a shared machine does not move the median).
 */
import { Effect, Option, Stream } from "effect"

export interface Measured {
  readonly name: string
  /** Median over the rounds of the mean time of one run, in microseconds. */
  readonly microseconds: number
}

/**
 * Reads a stream to its end through its pull, as the server's runner does: `Stream.runDrain` forks a fiber and stacks
 * sink executors per run, which would be measured along with the stream.
 */
export const drain = <A, E, R>(stream: Stream.Stream<A, E, R>): Effect.Effect<void, E, R> =>
  Effect.scoped(
    Effect.flatMap(Stream.toPull(stream), (pull) => {
      const loop: Effect.Effect<void, E, R> = Effect.matchEffect(pull, {
        onFailure: Option.match({ onNone: () => Effect.void, onSome: Effect.fail }),
        onSuccess: () => loop
      })
      return loop
    })
  )

/** `BENCH_ONLY=<text>` runs only the measurements whose name contains it (to profile one with `--cpu-prof`). */
const only = process.env.BENCH_ONLY

export const measure = async (
  name: string,
  run: () => Promise<unknown>,
  options: { readonly runs?: number; readonly rounds?: number; readonly warmup?: number } = {}
): Promise<Measured | undefined> => {
  if (only !== undefined && !name.includes(only)) return undefined
  const { runs = 500, rounds = 7, warmup = 200 } = options
  for (let i = 0; i < warmup; i++) await run()
  const means: Array<number> = []
  for (let round = 0; round < rounds; round++) {
    const started = performance.now()
    for (let i = 0; i < runs; i++) await run()
    means.push(((performance.now() - started) * 1000) / runs)
  }
  means.sort((a, b) => a - b)
  const result = { name, microseconds: means[Math.floor(means.length / 2)]! }
  console.log(`${name.padEnd(58)} ${result.microseconds.toFixed(1).padStart(9)} µs`)
  return result
}
