/**
 * `pnpm bench`: the whole benchmark in one command. Starts the targets on 127.0.0.1 (relayed and translated routes),
 * measures latency (concurrency 1, interleaved), requests/s (autocannon, 32 connections), non-streaming and
 * streaming, the same gateway on PostgreSQL with the delay of a change between two instances (where PostgreSQL is
 * installed), then memory, start-up, verify and the model × key check at scale, prints the report and writes it to
 * `docs/benchmarks.md`.
 *
 * `BENCH_QUICK=1` runs a short version (for checking the harness while the machine is busy), and `BENCH_TARGETS` /
 * `BENCH_MODES` narrow a run to some targets or one mode (`Selection.ts`); either way the report goes to stdout
 * only, so `docs/benchmarks.md` only ever holds a full run. A run keeps the file's hand-written "Drill findings"
 * section.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises"
import { cpus, loadavg, release, totalmem, type } from "node:os"
import { dirname } from "node:path"
import { fileURLToPath } from "node:url"
import { measureLatency } from "./Latency"
import { measureMemory } from "./Memory"
import { measureModelCheckScale } from "./ModelCheckScale"
import { measurePropagation, type PropagationResult } from "./Postgres"
import { allGoals, renderMarkdown } from "./Report"
import type { Extras, Machine, ModeResults, Results } from "./Results"
import { selectionFromEnv } from "./Selection"
import { measureDashboardBundle, measureServerStartup, measureTuiFirstFrame } from "./Startup"
import { startTargets, type Target } from "./Targets"
import { measureThroughput } from "./Throughput"
import { measureVerifyScale } from "./VerifyScale"

const quick = process.env.BENCH_QUICK === "1"
const selection = selectionFromEnv(process.env)
const settings = quick
  ? { rounds: 4, batch: 25, warmup: 20, seconds: 3, warmupSeconds: 1, streams: 500, startupRuns: 2, changes: 20 }
  : { rounds: 20, batch: 50, warmup: 100, seconds: 10, warmupSeconds: 2, streams: 500, startupRuns: 5, changes: 200 }
const chunks = 32
const connections = 32
const docsFile = fileURLToPath(new URL("../../docs/benchmarks.md", import.meta.url))
const findingsHeading = "## Drill findings"

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(" / ")

const step = (what: string) => process.stderr.write(`bench: ${what}\n`)

const runMode = async (targets: ReadonlyArray<Target>, stream: boolean): Promise<ModeResults> => {
  const mode = stream ? "streaming" : "non-streaming"
  step(`${mode} latency, concurrency 1, ${settings.rounds} rounds × ${settings.batch} per target`)
  const latency = await measureLatency(targets, {
    rounds: settings.rounds,
    batch: settings.batch,
    warmup: settings.warmup,
    stream,
    expectedChunks: chunks
  })
  const throughput = []
  for (const target of targets) {
    step(`${mode} requests/s, ${connections} connections, ${settings.seconds} s: ${target.name}`)
    throughput.push(
      await measureThroughput(target, {
        stream,
        seconds: settings.seconds,
        warmupSeconds: settings.warmupSeconds,
        connections
      })
    )
  }
  return { latency, throughput }
}

const measureExtras = async (): Promise<Extras> => {
  step(`memory: idle and with ${settings.streams} open streams`)
  const memory = await measureMemory(settings.streams)
  step("start-up: server, TUI, dashboard bundle")
  const startup = await measureServerStartup(settings.startupRuns)
  const tuiFirstFrameMs = await measureTuiFirstFrame(settings.startupRuns)
  const dashboard = measureDashboardBundle()
  step("verify at scale: 20 providers × 3 keys")
  const verify = await measureVerifyScale(20, 3, 500)
  step("model check at scale: 20 models × 3 keys")
  const modelCheck = await measureModelCheckScale(3, 20, 16, 100)
  return { memory, startup, tuiFirstFrameMs, dashboard, verify, modelCheck }
}

const main = async () => {
  const loadBefore = load()
  step(`load average ${loadBefore} (2 cores: figures are only comparable on a quiet machine)`)
  step("starting the upstream (OpenAI, Anthropic, Gemini), the bare proxy, Switchboard and Portkey on 127.0.0.1")
  const targets = await startTargets({ chunks })
  const measured = targets.all.filter((target) => selection.targets.has(target.name))
  step(`targets: ${measured.map((target) => target.name).join(", ")}`)
  let json: ModeResults | undefined
  let stream: ModeResults | undefined
  let propagation: PropagationResult | undefined
  try {
    if (selection.modes.includes("non-streaming")) json = await runMode(measured, false)
    if (selection.modes.includes("streaming")) stream = await runMode(measured, true)
    if (targets.postgres !== undefined && selection.targets.has("switchboard postgres")) {
      step(`PostgreSQL: propagation of ${settings.changes} changes between two instances`)
      propagation = await measurePropagation(targets.postgres, settings.changes)
    }
  } finally {
    await targets.stop()
  }
  const extras = selection.narrowed ? undefined : await measureExtras()

  const cpu = cpus()
  const machine: Machine = {
    cpu: cpu[0]?.model.trim() ?? "unknown CPU",
    cores: cpu.length,
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    os: `${type()} ${release()}`,
    node: process.version,
    loadBefore,
    loadAfter: load()
  }
  const results: Results = {
    command: `${selection.prefix}${quick ? "BENCH_QUICK=1 " : ""}pnpm bench`,
    date: new Date().toISOString().slice(0, 16).replace("T", " "),
    machine,
    settings: `${chunks} content chunks per answer; latency ${settings.rounds} rounds × ${settings.batch} requests per target after ${settings.warmup} warm-up; requests/s ${settings.seconds} s per target after ${settings.warmupSeconds} s warm-up, ${connections} connections`,
    json,
    stream,
    extras,
    propagation
  }
  const markdown = renderMarkdown(results)
  process.stdout.write(`${markdown}\n`)
  if (!quick && !selection.narrowed) {
    // The hand-written findings of the drills follow the generated part; a new run replaces only the figures.
    const previous = await readFile(docsFile, "utf8").catch(() => "")
    const findings = previous.indexOf(findingsHeading)
    await mkdir(dirname(docsFile), { recursive: true })
    await writeFile(docsFile, findings === -1 ? markdown : `${markdown}\n${previous.slice(findings)}`)
    step(`wrote ${docsFile}`)
  }
  const missed = allGoals(results).filter((goal) => !goal.met)
  step(
    missed.length === 0 ? "every goal met" : `${missed.length} goal(s) not met: ${missed.map((g) => g.goal).join("; ")}`
  )
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    process.exit(1)
  }
)
