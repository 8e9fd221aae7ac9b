/**
 * `x-switchboard-overhead-ms` says what the gateway added to an answer: the time spent in Switchboard minus the
 * upstream's share of it (see `gateway.ts` for what counts as that share on each path).
 */

export const overheadHeader = "x-switchboard-overhead-ms"

const ms = (value: number) => (Math.round(Math.max(0, value) * 100) / 100).toString()

/** The header for an answer that arrived `startedAt` (`performance.now()`) and waited `upstreamMs` on the upstream. */
export const overhead = (startedAt: number, upstreamMs = 0): Record<string, string> => ({
  [overheadHeader]: ms(performance.now() - startedAt - upstreamMs)
})
