/**
 * What a run measures, narrowed from the environment while iterating on one part: `BENCH_TARGETS` lists targets (by
 * name or id: `switchboard-anthropic` for "switchboard → anthropic") or groups (`relayed`, `translated`, `messages`, `postgres`),
 * comma-separated; `BENCH_MODES` is `streaming` or `non-streaming`. A narrowed run skips memory, start-up and verify
 * and only prints, so `docs/benchmarks.md` never holds part of a run.
 */
import { messagesTargets, postgresTargets, relayedTargets, type TargetName, translatedTargets } from "./Targets"

export interface Selection {
  readonly targets: ReadonlySet<TargetName>
  readonly modes: ReadonlyArray<"non-streaming" | "streaming">
  /** Whether either was narrowed. */
  readonly narrowed: boolean
  /** The variables that narrowed it, as a command prefix (`BENCH_TARGETS=translated `), or "". */
  readonly prefix: string
}

const allTargets: ReadonlyArray<TargetName> = [
  ...relayedTargets,
  ...translatedTargets,
  ...messagesTargets,
  ...postgresTargets
]
const allModes = ["non-streaming", "streaming"] as const

/** A target's name as one word for the command line: "switchboard → anthropic" is `switchboard-anthropic`. */
export const targetId = (name: TargetName) => name.replace(/[^a-z]+/g, "-")

// Each group holds what its goals compare: the relayed switchboard row is the translated routes' reference, direct
// anthropic the Messages relay's.
const groups: Readonly<Record<string, ReadonlyArray<TargetName>>> = {
  all: allTargets,
  relayed: relayedTargets,
  translated: ["switchboard", ...translatedTargets],
  messages: ["direct anthropic", ...messagesTargets],
  postgres: ["switchboard", ...postgresTargets]
}

const targetsOf = (word: string): ReadonlyArray<TargetName> => {
  const group = groups[word]
  if (group !== undefined) return group
  const target = allTargets.find((name) => name === word || targetId(name) === word)
  if (target !== undefined) return [target]
  throw new Error(
    `BENCH_TARGETS: no target or group "${word}"; use ${[...Object.keys(groups), ...allTargets.map(targetId)].join(", ")}`
  )
}

const words = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((word) => word.trim().toLowerCase())
    .filter((word) => word !== "")

export const selectionFromEnv = (env: NodeJS.ProcessEnv): Selection => {
  const targetWords = words(env.BENCH_TARGETS)
  const modeWords = words(env.BENCH_MODES)
  for (const mode of modeWords)
    if (!(allModes as ReadonlyArray<string>).includes(mode))
      throw new Error(`BENCH_MODES: no mode "${mode}"; use ${allModes.join(", ")}`)
  const chosen = new Set(targetWords.flatMap(targetsOf))
  const prefix = [
    targetWords.length > 0 ? `BENCH_TARGETS=${targetWords.join(",")}` : "",
    modeWords.length > 0 ? `BENCH_MODES=${modeWords.join(",")}` : ""
  ]
    .filter((part) => part !== "")
    .map((part) => `${part} `)
    .join("")
  return {
    // In the targets' own order, so tables read the same whichever way they were chosen.
    targets: new Set(targetWords.length === 0 ? allTargets : allTargets.filter((name) => chosen.has(name))),
    modes: modeWords.length === 0 ? allModes : allModes.filter((mode) => modeWords.includes(mode)),
    narrowed: targetWords.length > 0 || modeWords.length > 0,
    prefix
  }
}
