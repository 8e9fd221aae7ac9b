/**
 * The streams being answered right now. Graceful shutdown waits for them to finish and then ends the rest with a
 * final "shutting down" event, so no client sees a connection cut in the middle of a frame.
 */

export interface InflightStream {
  /** Ends the stream early with a last event saying why; the upstream request is aborted. */
  readonly stop: () => void
}

export interface Inflight {
  readonly add: (stream: InflightStream) => () => void
  readonly size: () => number
  /** Resolves when no stream is open, or after `timeoutMs` with the count still open. */
  readonly drained: (timeoutMs: number) => Promise<number>
  readonly stopAll: () => void
}

export const makeInflight = (): Inflight => {
  const open = new Set<InflightStream>()
  const waiters = new Set<() => void>()
  return {
    add: (stream) => {
      open.add(stream)
      return () => {
        open.delete(stream)
        if (open.size === 0) for (const wake of waiters) wake()
      }
    },
    size: () => open.size,
    drained: (timeoutMs) =>
      new Promise((resolve) => {
        if (open.size === 0) return resolve(0)
        const done = () => {
          clearTimeout(timer)
          waiters.delete(done)
          resolve(open.size)
        }
        const timer = setTimeout(done, timeoutMs)
        waiters.add(done)
      }),
    stopAll: () => {
      for (const stream of [...open]) stream.stop()
    }
  }
}
