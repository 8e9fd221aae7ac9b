/**
 * Structured logging: one JSON object per line, so logs can be grepped and shipped as they are. Callers pass only
 * fields that are safe to print — method, path, status, timings, error codes — never headers or bodies, which is how
 * keys and tokens stay out of logs.
 */

export type LogLevel = "info" | "warn" | "error"

export type Log = (level: LogLevel, message: string, fields?: Readonly<Record<string, unknown>>) => void

/**
 * Stdout, written once per turn of the event loop: a write per line was a system call per request on the gateway.
 * What is pending goes out before the process exits.
 */
const batchedStdout = (): ((line: string) => void) => {
  let pending = ""
  const flush = () => {
    if (pending === "") return
    process.stdout.write(pending)
    pending = ""
  }
  process.once("exit", flush)
  return (line) => {
    if (pending === "") setImmediate(flush)
    pending += line
  }
}

/** Writes each record as one JSON line (`write` defaults to stdout; tests pass a collector). */
export const jsonLog =
  (write: (line: string) => void = batchedStdout()): Log =>
  (level, message, fields) => {
    write(`${JSON.stringify({ time: new Date().toISOString(), level, msg: message, ...fields })}\n`)
  }

/** Discards everything (tests that do not look at logs). */
export const silentLog: Log = () => {}
