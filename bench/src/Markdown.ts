/**
 * How the report writes figures and tables, shared by its parts: one number format per unit, and tables whose
 * figure columns align right.
 */
import type { TargetName } from "./Targets"

export const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : "—")
export const pct = (value: number) => (Number.isFinite(value) ? `${(value * 100).toFixed(0)}%` : "—")
export const ratio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : "—")
export const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1)
export const kib = (bytes: number) => (bytes / 1024).toFixed(1)
export const rate = (value: number) =>
  Number.isFinite(value) ? Math.round(value).toLocaleString("en-US") : "all at once"

// Figures align right, words left.
const figure = /^(?:[-\d.,]+(?: ms| MiB| KiB|%|×)?|—|all at once)$/

export const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>) =>
  [
    `| ${header.join(" | ")} |`,
    `| ${header.map((_, i) => (rows.every((row) => figure.test(row[i] ?? "")) ? "---:" : "---")).join(" | ")} |`,
    ...rows.map((row) => `| ${row.join(" | ")} |`)
  ].join("\n")

/** A target's entry in a list of results, or `undefined` when a narrowed run (`BENCH_TARGETS`) left it out. */
export const find = <A extends { readonly target: TargetName }>(list: ReadonlyArray<A>, name: TargetName) =>
  list.find((entry) => entry.target === name)

/** A goal of the issue, with what was measured and whether it holds. */
export interface Goal {
  readonly goal: string
  readonly measured: string
  readonly met: boolean
}

export const goalTable = (list: ReadonlyArray<Goal>) =>
  table(
    ["goal", "measured", "verdict"],
    list.map((g) => [g.goal, g.measured, g.met ? "**met**" : "**not met**"])
  )
