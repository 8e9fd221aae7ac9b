/**
 * Requests per second at concurrency 32, measured with autocannon. A load tool rather than a hand-rolled loop
 * because it keeps exactly N connections busy with no gaps, counts only complete answers, and reports errors and
 * non-2xx answers separately — so a target that fails fast cannot look fast. autocannon (npm) over wrk (Debian)
 * because it runs inside this Node script with no system package, the same on every developer's machine and CI,
 * and its HTTP/1.1 client reads chunked SSE bodies to the end.
 */
import autocannon from "autocannon"
import { chatBody } from "./Exchange"
import type { Target, TargetName } from "./Targets"

export interface ThroughputResult {
  readonly target: TargetName
  readonly requestsPerSecond: number
  readonly requests: number
  readonly failures: number
}

const run = (target: Target, stream: boolean, seconds: number, connections: number) =>
  autocannon({
    url: `http://127.0.0.1:${target.port}${target.path}`,
    method: "POST",
    headers: { "content-type": "application/json", ...target.headers },
    body: chatBody(target, stream),
    connections,
    pipelining: 1,
    duration: seconds,
    timeout: 10
  })

export const measureThroughput = async (
  target: Target,
  options: {
    readonly stream: boolean
    readonly seconds: number
    readonly warmupSeconds: number
    readonly connections: number
  }
): Promise<ThroughputResult> => {
  if (options.warmupSeconds > 0) await run(target, options.stream, options.warmupSeconds, options.connections)
  const result = await run(target, options.stream, options.seconds, options.connections)
  const completed = result.requests.total
  return {
    target: target.name,
    requestsPerSecond: (completed - result.non2xx) / options.seconds,
    requests: completed,
    failures: result.errors + result.non2xx + result.timeouts
  }
}
