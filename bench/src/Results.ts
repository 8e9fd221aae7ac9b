/**
 * What one run measured, as the report reads it: the machine, each mode's latency and requests/s per target, and
 * (in a whole run) memory, start-up and verify at scale.
 */
import type { LatencyResult } from "./Latency"
import type { MemoryResult } from "./Memory"
import type { PropagationResult } from "./Postgres"
import type { BundleSize, ServerStartup } from "./Startup"
import type { ThroughputResult } from "./Throughput"
import type { VerifyScaleResult } from "./VerifyScale"
import type { ModelCheckScaleResult } from "./ModelCheckScale"

export interface Machine {
  readonly cpu: string
  readonly cores: number
  readonly memoryGiB: number
  readonly os: string
  readonly node: string
  readonly loadBefore: string
  readonly loadAfter: string
}

export interface ModeResults {
  readonly latency: ReadonlyArray<LatencyResult>
  readonly throughput: ReadonlyArray<ThroughputResult>
}

/** Memory, start-up, verify and the model × key check at scale: measured by a whole run only. */
export interface Extras {
  readonly memory: ReadonlyArray<MemoryResult>
  readonly startup: ServerStartup
  readonly tuiFirstFrameMs: number | undefined
  readonly dashboard: BundleSize | undefined
  readonly verify: VerifyScaleResult
  readonly modelCheck: ModelCheckScaleResult
}

export interface Results {
  readonly command: string
  readonly date: string
  readonly machine: Machine
  readonly settings: string
  /** Each absent when `BENCH_MODES` left that mode out. */
  readonly json: ModeResults | undefined
  readonly stream: ModeResults | undefined
  /** Absent in a narrowed run. */
  readonly extras: Extras | undefined
  /** How long a change took to reach another instance on PostgreSQL; absent when PostgreSQL was not measured. */
  readonly propagation: PropagationResult | undefined
}

/** The modes a run measured, each with its label. */
export const modes = (results: Results) =>
  (
    [
      ["non-streaming", results.json],
      ["streaming", results.stream]
    ] as const
  ).flatMap(([label, mode]) => (mode === undefined ? [] : [{ label, mode, stream: label === "streaming" }]))
