/**
 * The benchmark's results as Markdown: the same text is printed and written to `docs/benchmarks.md`, so the file
 * always holds exactly the table of one run, with the machine and the command that produced it. Ratios are against
 * the direct call (latency added, share of requests/s) and against the bare proxy and Portkey (the goals); the
 * translated routes have their own part (`TranslatedRoutes.ts`). A narrowed run (`Selection.ts`) renders only what
 * it measured.
 */
import { find, type Goal, goalTable, kib, mib, ms, pct, rate, ratio, table } from "./Markdown"
import { type Extras, type ModeResults, modes, type Results } from "./Results"
import { messagesTargets, type TargetName, translatedTargets } from "./Targets"
import { postgresGoals, postgresSection } from "./Postgres"
import { translatedGoals, translatedRoutes } from "./TranslatedRoutes"

/** The routes whose answers come from the upstream's Messages endpoint: their direct call is "direct anthropic". */
const messagesEnded: ReadonlyArray<TargetName> = [...translatedTargets, ...messagesTargets]

/** The direct call a row is compared with: the upstream in the protocol the route ends in (none for a direct call). */
const floorOf = (name: TargetName): TargetName | undefined =>
  name === "direct" || name === "direct anthropic"
    ? undefined
    : messagesEnded.includes(name)
      ? "direct anthropic"
      : "direct"

const modeTable = (mode: ModeResults, stream: boolean) => {
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
    const throughput = find(mode.throughput, latency.target)!
    const floorName = floorOf(latency.target)
    const floor = floorName === undefined ? undefined : find(mode.latency, floorName)
    const floorRps = find(mode.throughput, floorName ?? latency.target)?.requestsPerSecond ?? Number.NaN
    const added = (value: number | undefined, base: number | undefined) =>
      floorName === undefined ? "—" : ms((value ?? Number.NaN) - (base ?? Number.NaN))
    return [
      latency.target,
      ms(latency.p50),
      ms(latency.p95),
      ms(latency.p99),
      added(latency.p50, floor?.p50),
      ...(stream
        ? [
            ms(latency.firstChunkP50 ?? Number.NaN),
            added(latency.firstChunkP50, floor?.firstChunkP50),
            rate(latency.chunksPerSecond ?? Number.NaN)
          ]
        : []),
      ms(latency.cpuMsPerRequest),
      rate(throughput.requestsPerSecond),
      pct(throughput.requestsPerSecond / floorRps),
      String(throughput.failures)
    ]
  })
  return table(header, rows)
}

/** The goals for the relayed route, each with what was measured and whether it holds. */
export const goals = (results: Results): ReadonlyArray<Goal> => {
  const out: Array<Goal> = []
  for (const { label, mode } of modes(results)) {
    const sb = find(mode.latency, "switchboard")
    const bare = find(mode.latency, "bare proxy")
    const direct = find(mode.latency, "direct")
    if (sb !== undefined && bare !== undefined && direct !== undefined) {
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
    }
    const messages = find(mode.latency, "switchboard messages")
    const bareMessages = find(mode.latency, "bare proxy messages")
    const directMessages = find(mode.latency, "direct anthropic")
    if (messages !== undefined && bareMessages !== undefined && directMessages !== undefined) {
      const gap = messages.p50 - bareMessages.p50
      out.push({
        goal: `${label}: Messages relayed to Anthropic, added p50 within 0.3 ms of the bare proxy's`,
        measured: `Switchboard adds ${ms(messages.p50 - directMessages.p50)} ms, the bare proxy ${ms(bareMessages.p50 - directMessages.p50)} ms: ${ms(gap)} ms more`,
        met: gap <= 0.3
      })
    }
    const sbRps = find(mode.throughput, "switchboard")?.requestsPerSecond
    const bareRps = find(mode.throughput, "bare proxy")?.requestsPerSecond
    const portkeyRps = find(mode.throughput, "portkey")?.requestsPerSecond
    if (sbRps !== undefined && bareRps !== undefined)
      out.push({
        goal: `${label}: at least 80% of the bare proxy's requests/s`,
        measured: `${rate(sbRps)} vs ${rate(bareRps)} req/s: ${pct(sbRps / bareRps)}`,
        met: sbRps >= 0.8 * bareRps
      })
    if (sbRps !== undefined && portkeyRps !== undefined)
      out.push({
        goal: `${label}: at least 3× Portkey's requests/s`,
        measured: `${rate(sbRps)} vs ${rate(portkeyRps)} req/s: ${ratio(sbRps / portkeyRps)}`,
        met: sbRps >= 3 * portkeyRps
      })
  }
  const v = results.extras?.verify
  if (v !== undefined)
    out.push({
      goal: `verify ${v.providers} providers × ${v.keysPerProvider} keys in about the time of one check (under 2×)`,
      measured: `${ms(v.allMs)} ms for all ${v.checks} checks vs ${ms(v.singleCheckMs)} ms for one (${ratio(v.allMs / v.singleCheckMs)}; one after another would be ≈ ${ms(v.singleCheckMs * v.providers * v.keysPerProvider)} ms)`,
      met: v.allOk && v.checks === v.providers * v.keysPerProvider && v.allMs < 2 * v.singleCheckMs
    })
  const c = results.extras?.modelCheck
  if (c !== undefined) {
    const rounds = Math.ceil((c.keys * c.models) / c.concurrency)
    out.push({
      goal: `check ${c.models} models × ${c.keys} keys, ${c.concurrency} at a time, in about ${rounds} probes' time (under 2×)`,
      measured: `${ms(c.allMs)} ms for all ${c.probes} probes vs ${ms(c.singleProbeMs)} ms for one (${ratio(c.allMs / c.singleProbeMs)}); their summed time ${ms(c.summedMs)} ms`,
      met: c.allOk && c.probes === c.keys * c.models && c.allMs < 2 * rounds * c.singleProbeMs
    })
  }
  return out
}

/** Every goal of the run: the relayed route's, then the translated routes', then PostgreSQL's. */
export const allGoals = (results: Results): ReadonlyArray<Goal> => [
  ...goals(results),
  ...translatedGoals(results),
  ...postgresGoals(results)
]

const extrasMarkdown = (extras: Extras) => {
  const sb = find(extras.memory, "switchboard")
  const memory = table(
    [
      "gateway",
      "RSS idle MiB",
      `RSS with ${extras.memory[0]?.streams ?? 0} open streams MiB`,
      "per open stream KiB",
      "idle vs Switchboard"
    ],
    extras.memory.map((entry) => [
      entry.target,
      mib(entry.idleBytes),
      mib(entry.streamsBytes),
      kib((entry.streamsBytes - entry.idleBytes) / entry.streams),
      ratio(entry.idleBytes / (sb?.idleBytes ?? Number.NaN))
    ])
  )
  const d = extras.dashboard
  const startup = table(
    ["what", "figure"],
    [
      [
        `server ready (spawn → /healthz 200), new data dir, median of ${extras.startup.runs}`,
        `${ms(extras.startup.newDataDirMs)} ms`
      ],
      [
        `server ready, existing data dir, median of ${extras.startup.runs}`,
        `${ms(extras.startup.existingDataDirMs)} ms`
      ],
      [
        "TUI first frame (spawn → its title drawn on a pty, new data dir)",
        extras.tuiFirstFrameMs === undefined
          ? "not measured: `apps/tui/dist/main.js` not built"
          : `${ms(extras.tuiFirstFrameMs)} ms`
      ],
      [
        "dashboard bundle (HTML + JS + CSS), gzip",
        d === undefined
          ? "not measured: `apps/web/dist` not built"
          : `${kib(d.gzipBytes)} KiB (${kib(d.rawBytes)} KiB raw, ${d.files} files)`
      ]
    ]
  )
  const v = extras.verify
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
  const c = extras.modelCheck
  const modelCheck = table(
    ["what", "figure"],
    [
      ["one upstream answer takes", `${c.answerMs} ms`],
      ["check one model with one key", `${ms(c.singleProbeMs)} ms`],
      [
        `check ${c.models} models × ${c.keys} keys, ${c.concurrency} at a time`,
        `${ms(c.allMs)} ms (${c.probes} probes reached the upstream, all ok: ${c.allOk})`
      ],
      ["the probes' own times added up (one after another)", `${ms(c.summedMs)} ms`]
    ]
  )
  return `## Memory

${memory}

## Start-up

${startup}

## Verify at scale

${verify}

## Model × key check at scale

${modelCheck}
`
}

const section = (heading: string, body: string | undefined) =>
  body === undefined ? "" : `## ${heading}\n\n${body}\n\n`

export const renderMarkdown = (results: Results): string => {
  const m = results.machine
  const relayed = goals(results)
  const tables =
    section("Goals", relayed.length === 0 ? undefined : goalTable(relayed)) +
    section("Gateway overhead: non-streaming", results.json && modeTable(results.json, false)) +
    section("Gateway overhead: streaming", results.stream && modeTable(results.stream, true))
  return `# Benchmarks

Switchboard's OpenAI-compatible gateway next to a direct call, a bare Node proxy and the Portkey gateway, relaying
Chat Completions and translating them to Anthropic and Gemini, plus memory, start-up and verify at scale. Every
figure below comes from one run of the command below on the machine below; nothing is edited by hand. Regenerate it
with the same command.

- Command: \`${results.command}\`
- Date: ${results.date}
- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}; load average before ${m.loadBefore}, after ${m.loadAfter}
- Settings: ${results.settings}

${tables}How to read these: latency is measured at concurrency 1 in interleaved rounds (every target gets a batch in turn,
the order rotating), from writing the request to the end of the answer, on one keep-alive socket. "added" is the
target's p50 minus its direct call's: direct for the relayed rows, direct anthropic for the translated ones (the
Gemini row's too: the upstream answers every protocol alike); "of direct" is the same comparison for requests/s.
"CPU ms/request" is the CPU time of the target's own process (the gateway without the upstream) per request, read
from \`/proc\`. Requests/s come from autocannon with 32 connections, after a warm-up; "failed" counts errors,
timeouts and non-2xx answers. Chunks/s is the rate at which content chunks reached the client between the first and
the last one ("all at once" when a gateway delivers the whole stream in one read). Every target reaches the same
upstream process, and every answer timed for latency is checked whole (all 32 chunks, or the complete text). For an
OpenAI-type provider Switchboard relays each request as it is (the core's \`Relay\`: provider check, key rotation,
retries and timeouts) and passes the answer's bytes back; Anthropic and Gemini providers are translated instead,
below. "switchboard messages" is Anthropic's Messages API relayed the same way: the client sends the gateway
\`POST /v1/messages\` (token in \`x-api-key\`), an Anthropic-type provider gets it as written; "bare proxy messages" is
the bare proxy in front of the same Messages endpoint, and both are compared with direct anthropic.

${translatedRoutes(results)}${postgresSection(results)}${results.extras === undefined ? "" : extrasMarkdown(results.extras)}`.replace(
    /\n+$/,
    "\n"
  )
}
