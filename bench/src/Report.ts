/**
 * The benchmark's results as Markdown: the same text is printed and written to `docs/benchmarks.md`, so the file
 * always holds exactly the table of one run, with the machine and the command that produced it. Ratios are against
 * the direct call (latency added, share of requests/s) and against the bare proxy and Portkey (the goals).
 */
import type { LatencyResult } from "./Latency"
import type { MemoryResult } from "./Memory"
import type { BundleSize, ServerStartup } from "./Startup"
import type { TargetName } from "./Targets"
import type { ThroughputResult } from "./Throughput"
import type { VerifyScaleResult } from "./VerifyScale"

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

export interface Results {
  readonly command: string
  readonly date: string
  readonly machine: Machine
  readonly settings: string
  readonly json: ModeResults
  readonly stream: ModeResults
  readonly memory: ReadonlyArray<MemoryResult>
  readonly startup: ServerStartup
  readonly tuiFirstFrameMs: number | undefined
  readonly dashboard: BundleSize | undefined
  readonly verify: VerifyScaleResult
}

export interface Goal {
  readonly goal: string
  readonly measured: string
  readonly met: boolean
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : "—")
const pct = (value: number) => `${(value * 100).toFixed(0)}%`
const ratio = (value: number) => `${value.toFixed(2)}×`
const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1)
const kib = (bytes: number) => (bytes / 1024).toFixed(1)
const rate = (value: number) => (Number.isFinite(value) ? Math.round(value).toLocaleString("en-US") : "all at once")

// Figures align right, words left.
const figure = /^(?:[-\d.,]+(?: ms| MiB| KiB|%|×)?|—|all at once)$/

const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>) =>
  [
    `| ${header.join(" | ")} |`,
    `| ${header.map((_, i) => (rows.every((row) => figure.test(row[i] ?? "")) ? "---:" : "---")).join(" | ")} |`,
    ...rows.map((row) => `| ${row.join(" | ")} |`)
  ].join("\n")

const pick = <A extends { readonly target: TargetName }>(list: ReadonlyArray<A>, name: TargetName) =>
  list.find((entry) => entry.target === name)!

const modeTable = (mode: ModeResults, stream: boolean) => {
  const direct = pick(mode.latency, "direct")
  const directRps = pick(mode.throughput, "direct").requestsPerSecond
  const header = [
    "target",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "added p50 ms",
    ...(stream ? ["first chunk p50 ms", "added first chunk ms", "chunks/s"] : []),
    "CPU ms/request",
    "req/s @32",
    "of direct",
    "failed"
  ]
  const rows = mode.latency.map((latency) => {
    const throughput = pick(mode.throughput, latency.target)
    return [
      latency.target,
      ms(latency.p50),
      ms(latency.p95),
      ms(latency.p99),
      latency.target === "direct" ? "—" : ms(latency.p50 - direct.p50),
      ...(stream
        ? [
            ms(latency.firstChunkP50 ?? Number.NaN),
            latency.target === "direct" ? "—" : ms((latency.firstChunkP50 ?? 0) - (direct.firstChunkP50 ?? 0)),
            rate(latency.chunksPerSecond ?? Number.NaN)
          ]
        : []),
      ms(latency.cpuMsPerRequest),
      rate(throughput.requestsPerSecond),
      pct(throughput.requestsPerSecond / directRps),
      String(throughput.failures)
    ]
  })
  return table(header, rows)
}

/** The goals, each with what was measured and whether it holds. */
export const goals = (results: Results): ReadonlyArray<Goal> => {
  const out: Array<Goal> = []
  for (const [label, mode] of [
    ["non-streaming", results.json],
    ["streaming", results.stream]
  ] as const) {
    const sb = pick(mode.latency, "switchboard")
    const bare = pick(mode.latency, "bare proxy")
    const direct = pick(mode.latency, "direct")
    const gap = sb.p50 - bare.p50
    out.push({
      goal: `${label}: added p50 within 0.3 ms of the bare proxy's`,
      measured: `Switchboard adds ${ms(sb.p50 - direct.p50)} ms, the bare proxy ${ms(bare.p50 - direct.p50)} ms: ${ms(gap)} ms more`,
      met: gap <= 0.3
    })
    if (label === "streaming") {
      const added = (sb.firstChunkP50 ?? 0) - (direct.firstChunkP50 ?? 0)
      out.push({
        goal: "streaming: time-to-first-chunk overhead under 1 ms",
        measured: `${ms(added)} ms over direct (bare proxy: ${ms((bare.firstChunkP50 ?? 0) - (direct.firstChunkP50 ?? 0))} ms)`,
        met: added < 1
      })
    }
    const sbRps = pick(mode.throughput, "switchboard").requestsPerSecond
    const bareRps = pick(mode.throughput, "bare proxy").requestsPerSecond
    const portkeyRps = pick(mode.throughput, "portkey").requestsPerSecond
    out.push({
      goal: `${label}: at least 80% of the bare proxy's requests/s`,
      measured: `${rate(sbRps)} vs ${rate(bareRps)} req/s: ${pct(sbRps / bareRps)}`,
      met: sbRps >= 0.8 * bareRps
    })
    out.push({
      goal: `${label}: at least 3× Portkey's requests/s`,
      measured: `${rate(sbRps)} vs ${rate(portkeyRps)} req/s: ${ratio(sbRps / portkeyRps)}`,
      met: sbRps >= 3 * portkeyRps
    })
  }
  const v = results.verify
  out.push({
    goal: `verify ${v.providers} providers × ${v.keysPerProvider} keys in about the time of one check (under 2×)`,
    measured: `${ms(v.allMs)} ms for all ${v.checks} checks vs ${ms(v.singleCheckMs)} ms for one (${ratio(v.allMs / v.singleCheckMs)}; one after another would be ≈ ${ms(v.singleCheckMs * v.providers * v.keysPerProvider)} ms)`,
    met: v.allOk && v.checks === v.providers * v.keysPerProvider && v.allMs < 2 * v.singleCheckMs
  })
  return out
}

export const renderMarkdown = (results: Results): string => {
  const m = results.machine
  const memory = table(
    [
      "gateway",
      "RSS idle MiB",
      `RSS with ${results.memory[0]?.streams ?? 0} open streams MiB`,
      "per open stream KiB",
      "idle vs Switchboard"
    ],
    results.memory.map((entry) => {
      const sb = pick(results.memory, "switchboard")
      return [
        entry.target,
        mib(entry.idleBytes),
        mib(entry.streamsBytes),
        kib((entry.streamsBytes - entry.idleBytes) / entry.streams),
        ratio(entry.idleBytes / sb.idleBytes)
      ]
    })
  )
  const d = results.dashboard
  const startup = table(
    ["what", "figure"],
    [
      [
        `server ready (spawn → /healthz 200), new data dir, median of ${results.startup.runs}`,
        `${ms(results.startup.newDataDirMs)} ms`
      ],
      [
        `server ready, existing data dir, median of ${results.startup.runs}`,
        `${ms(results.startup.existingDataDirMs)} ms`
      ],
      [
        "TUI first frame (spawn → its title drawn on a pty, new data dir)",
        results.tuiFirstFrameMs === undefined
          ? "not measured: `apps/tui/dist/main.js` not built"
          : `${ms(results.tuiFirstFrameMs)} ms`
      ],
      [
        "dashboard bundle (HTML + JS + CSS), gzip",
        d === undefined
          ? "not measured: `apps/web/dist` not built"
          : `${kib(d.gzipBytes)} KiB (${kib(d.rawBytes)} KiB raw, ${d.files} files)`
      ]
    ]
  )
  const v = results.verify
  const verify = table(
    ["what", "figure"],
    [
      ["one key check (upstream answers after)", `${v.delayMs} ms`],
      ["verify one provider with one key", `${ms(v.singleCheckMs)} ms`],
      [
        `verify ${v.providers} providers × ${v.keysPerProvider} keys at once`,
        `${ms(v.allMs)} ms (${v.checks} checks reached the upstream, all ok: ${v.allOk})`
      ],
      ["the same checks one after another would take", `≈ ${ms(v.singleCheckMs * v.providers * v.keysPerProvider)} ms`]
    ]
  )
  const goalRows = goals(results).map((g) => [g.goal, g.measured, g.met ? "**met**" : "**not met**"])
  return `# Benchmarks

Switchboard's OpenAI-compatible gateway next to a direct call, a bare Node proxy and the Portkey gateway, plus
memory, start-up and verify at scale. Every figure below comes from one run of the command below on the machine
below; nothing is edited by hand. Regenerate it with the same command.

- Command: \`${results.command}\`
- Date: ${results.date}
- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}; load average before ${m.loadBefore}, after ${m.loadAfter}
- Settings: ${results.settings}

## Goals

${table(["goal", "measured", "verdict"], goalRows)}

## Gateway overhead: non-streaming

${modeTable(results.json, false)}

## Gateway overhead: streaming

${modeTable(results.stream, true)}

How to read these: latency is measured at concurrency 1 in interleaved rounds (every target gets a batch in turn,
the order rotating), from writing the request to the end of the answer, on one keep-alive socket. "added" is the
target's p50 minus the direct call's. "CPU ms/request" is the CPU time of the target's own process (the gateway
without the upstream) per request, read from \`/proc\`. Requests/s come from autocannon with 32 connections, after a
warm-up; "failed" counts errors, timeouts and non-2xx answers. Chunks/s is the rate at which content chunks reached
the client between the first and the last one ("all at once" when a gateway delivers the whole stream in one read).
All four targets reach the same upstream process. Its provider speaks Chat Completions, so Switchboard relays each
request as it is (the core's \`Relay\`: provider check, key rotation, retries and timeouts) and passes the answer's
bytes back; Anthropic and Gemini providers are translated instead, which these figures do not cover.

## Memory

${memory}

## Start-up

${startup}

## Verify at scale

${verify}
`
}
