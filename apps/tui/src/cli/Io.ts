/**
 * Where a command reads and writes: input piped to it on stdin, the answer on stdout (so scripts can pipe it),
 * everything about the run — progress, timing, errors — on stderr. Tests pass their own; `processIo` is the real
 * terminal.
 */
import { displayWidth } from "../text/graphemes"
import type { Problem } from "../runtime/Problem"
import { UsageError } from "./Args"

export interface Io {
  readonly out: (text: string) => void
  readonly err: (text: string) => void
  /** What was piped to stdin, whole; `undefined` when stdin is a terminal (a person, who gave no input). */
  readonly input?: () => Promise<string | undefined>
  /**
   * Asks the person at the terminal a yes/no question (no is the default); absent when stdin or stderr is not a
   * terminal — a script, which nobody can answer, so its deletes go ahead as written.
   */
  readonly confirm?: (question: string) => Promise<boolean>
}

/** The most a command reads from stdin: a prompt of a megabyte is far past any model's context already. */
export const maxInputBytes = 1024 * 1024

/** Reads `stream` to its end as UTF-8, refusing more than `maxInputBytes`. */
export const readAll = async (stream: AsyncIterable<Uint8Array>): Promise<string> => {
  const chunks: Array<Uint8Array> = []
  let size = 0
  for await (const chunk of stream) {
    size += chunk.length
    if (size > maxInputBytes)
      throw new UsageError(`standard input holds more than ${maxInputBytes / 1024 / 1024} MiB; send less`)
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString("utf8")
}

/** Asks at the terminal, on stderr so stdout stays the command's answer. */
const askTerminal = async (question: string): Promise<boolean> => {
  const { createInterface } = await import("node:readline/promises")
  const terminal = createInterface({ input: process.stdin, output: process.stderr })
  try {
    return /^y(es)?$/i.test((await terminal.question(`${question} [y/N] `)).trim())
  } finally {
    terminal.close()
  }
}

export const processIo: Io = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  input: () => (process.stdin.isTTY ? Promise.resolve(undefined) : readAll(process.stdin)),
  ...(process.stdin.isTTY && process.stderr.isTTY ? { confirm: askTerminal } : {})
}

/**
 * Whether a delete goes ahead: with `--yes`, in a script (nobody to ask), or when the person says yes — as the TUI
 * and the dashboard ask before every delete. A "no" is reported, and the command exits 1: nothing was done.
 */
export const confirmed = async (io: Io, yes: boolean, question: string): Promise<boolean> => {
  if (yes || io.confirm === undefined || (await io.confirm(question))) return true
  io.err("nothing deleted\n")
  return false
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

/**
 * Rows as aligned columns, for people; `--json` is for scripts. Widths are terminal columns, not UTF-16 units: a CJK
 * character or an emoji takes two, so names in any script line up.
 */
export const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ""))))
  const line = (cells: ReadonlyArray<string>) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell + " ".repeat(widths[i]! - displayWidth(cell))))
      .join("  ")
      .trimEnd()
  return `${[line(header), ...rows.map(line)].join("\n")}\n`
}

export const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`
