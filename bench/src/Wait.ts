/**
 * Waiting on conditions instead of sleeping: every drill and benchmark step that depends on another process polls a
 * predicate with a deadline, so a slow CI machine only makes it slower, never flaky, and a real hang fails with a
 * message that says what never happened.
 */
import { createServer } from "node:net"

export interface WaitOptions {
  readonly timeoutMs: number
  readonly intervalMs?: number
  /** Named in the error when the deadline passes; a function describes the state at that moment. */
  readonly what: string | (() => string)
}

export const waitFor = async (check: () => boolean | Promise<boolean>, options: WaitOptions): Promise<void> => {
  const deadline = performance.now() + options.timeoutMs
  for (;;) {
    if (await check()) return
    if (performance.now() > deadline)
      throw new Error(
        `timed out after ${options.timeoutMs} ms waiting for ${typeof options.what === "string" ? options.what : options.what()}`
      )
    await sleep(options.intervalMs ?? 20)
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** A port free on 127.0.0.1 right now (the OS picks it). */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer()
    probe.once("error", reject)
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
