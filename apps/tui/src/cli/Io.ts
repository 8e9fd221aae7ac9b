/**
 * Where a command writes: the answer on stdout (so scripts can pipe it), everything about the run — progress,
 * timing, errors — on stderr. Tests pass collecting streams; `processIo` is the real terminal.
 */
import type { Problem } from "../runtime/Problem"

export interface Io {
  readonly out: (text: string) => void
  readonly err: (text: string) => void
}

export const processIo: Io = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text)
}

/** The exit codes commands end with. */
export const ExitCode = {
  ok: 0,
  /** The core or a provider said no: the message on stderr says why and what to do. */
  failed: 1,
  /** The command line itself is wrong. */
  usage: 2,
  /** Stopped by Ctrl+C, as shells expect (128 + SIGINT). */
  interrupted: 130
} as const

/** A failure as one stderr line, in the same words the TUI shows. */
export const reportProblem = (io: Io, problem: Problem): number => {
  const label = problem.reason ?? problem.tag
  const field = problem.field === undefined ? "" : `${problem.field}: `
  io.err(`error: ${problem.tag === "ProviderError" ? "" : `${label}: `}${field}${problem.message}\n`)
  return problem.tag === "Interrupted" ? ExitCode.interrupted : ExitCode.failed
}

/** Rows as aligned columns, for people; `--json` is for scripts. */
export const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)))
  const line = (cells: ReadonlyArray<string>) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd()
  return `${[line(header), ...rows.map(line)].join("\n")}\n`
}

export const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`
