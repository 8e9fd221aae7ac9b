/**
 * Latency at concurrency 1, in interleaved rounds: each round sends a short batch to every target in turn (the order
 * rotating from round to round), so a burst of load from elsewhere on the machine lands on all targets alike
 * instead of on whichever happened to run then. Each target keeps one keep-alive socket, as a client would.
 */
import { Agent } from "node:http"
import { type Timing, exchange } from "./Exchange"
import { cpuMs } from "./ProcessStats"
import { median, percentile } from "./Stats"
import type { Target, TargetName } from "./Targets"

export interface LatencyOptions {
  readonly rounds: number
  /** Requests per target per round. */
  readonly batch: number
  readonly warmup: number
  readonly stream: boolean
  readonly expectedChunks: number
}

export interface LatencyResult {
  readonly target: TargetName
  readonly requests: number
  readonly p50: number
  readonly p95: number
  readonly p99: number
  /** Streams only. */
  readonly firstChunkP50?: number
  readonly firstChunkP95?: number
  /** Streams only: content chunks per second while the content flowed (all requests together). */
  readonly chunksPerSecond?: number
  /** CPU time the target's own process spent per request (for a gateway: without the upstream's). */
  readonly cpuMsPerRequest: number
}

export const measureLatency = async (
  targets: ReadonlyArray<Target>,
  options: LatencyOptions
): Promise<ReadonlyArray<LatencyResult>> => {
  const agents = new Map(targets.map((target) => [target.name, new Agent({ keepAlive: true, maxSockets: 1 })]))
  const samples = new Map<TargetName, Array<Timing>>(targets.map((target) => [target.name, []]))
  const cpu = new Map<TargetName, number>(targets.map((target) => [target.name, 0]))
  try {
    for (const target of targets)
      for (let i = 0; i < options.warmup; i++)
        await exchange(agents.get(target.name)!, target, options.stream, options.expectedChunks)
    for (let round = 0; round < options.rounds; round++) {
      for (let k = 0; k < targets.length; k++) {
        const target = targets[(round + k) % targets.length]!
        const agent = agents.get(target.name)!
        const cpuBefore = cpuMs(target.pid)
        for (let i = 0; i < options.batch; i++)
          samples.get(target.name)!.push(await exchange(agent, target, options.stream, options.expectedChunks))
        cpu.set(target.name, cpu.get(target.name)! + cpuMs(target.pid) - cpuBefore)
      }
    }
  } finally {
    for (const agent of agents.values()) agent.destroy()
  }
  return targets.map((target) => {
    const timings = samples.get(target.name)!
    return {
      ...summarize(target.name, timings, options.stream),
      cpuMsPerRequest: cpu.get(target.name)! / timings.length
    }
  })
}

const summarize = (
  target: TargetName,
  timings: ReadonlyArray<Timing>,
  stream: boolean
): Omit<LatencyResult, "cpuMsPerRequest"> => {
  const totals = timings.map((timing) => timing.totalMs)
  const base = {
    target,
    requests: timings.length,
    p50: median(totals),
    p95: percentile(totals, 95),
    p99: percentile(totals, 99)
  }
  if (!stream) return base
  const firsts = timings.map((timing) => timing.firstChunkMs ?? Number.NaN)
  const span = timings.reduce((sum, timing) => sum + (timing.chunkSpanMs ?? 0), 0)
  const gaps = timings.reduce((sum, timing) => sum + Math.max(0, (timing.chunks ?? 1) - 1), 0)
  return {
    ...base,
    firstChunkP50: median(firsts),
    firstChunkP95: percentile(firsts, 95),
    chunksPerSecond: span > 0 ? (gaps * 1000) / span : Number.POSITIVE_INFINITY
  }
}
