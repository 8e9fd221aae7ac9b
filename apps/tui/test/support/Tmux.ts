/**
 * The built TUI in a real terminal for end-to-end tests: a private tmux server (never the user's sessions) running
 * `dist/main.js` on a given data directory at a given size, read back with `capture-pane`, and the scripting
 * commands on the same store. Callers build the app first (`buildApp`) and skip without tmux (`hasTmux`).
 */
import { execFile, spawnSync } from "node:child_process"
import { rmSync } from "node:fs"
import { resolve } from "node:path"
import { waitUntil } from "./renderTui"

export const app = resolve(import.meta.dirname, "../..")
export const hasTmux = spawnSync("tmux", ["-V"]).status === 0

/** Builds `dist/main.js`, failing with the bundler's words. */
export const buildApp = () => {
  const built = spawnSync(process.execPath, ["build.mjs"], { cwd: app, encoding: "utf8" })
  if (built.status !== 0) throw new Error(`the build failed:\n${built.stderr}`)
}

export interface CommandResult {
  readonly status: number
  readonly stdout: string
  readonly stderr: string
}

/**
 * A scripting command on `dataDir`. Asynchronous: a fake upstream in the test's own process must keep answering while
 * the command waits on it.
 */
export const runCommand = (dataDir: string, ...args: ReadonlyArray<string>) =>
  new Promise<CommandResult>((done) => {
    execFile(
      process.execPath,
      ["dist/main.js", ...args],
      { cwd: app, encoding: "utf8", env: { ...process.env, SWITCHBOARD_DATA_DIR: dataDir } },
      (error, stdout, stderr) => done({ status: error === null ? 0 : Number(error.code ?? 1), stdout, stderr })
    )
  })

/** Starts the TUI on `dataDir` in a `columns`×`rows` terminal of its own tmux server. */
export const startTerminal = (dataDir: string, columns: number, rows: number) => {
  const socket = `switchboard-e2e-${process.pid}-${Math.random().toString(36).slice(2, 8)}`
  const session = "sb"
  const tmux = (...args: ReadonlyArray<string>) => {
    const result = spawnSync("tmux", ["-L", socket, "-f", "/dev/null", ...args], { encoding: "utf8" })
    return { ok: result.status === 0, out: result.stdout ?? "", err: result.stderr ?? "" }
  }
  const started = tmux(
    "new-session",
    "-d",
    "-s",
    session,
    "-x",
    String(columns),
    "-y",
    String(rows),
    `cd ${JSON.stringify(app)} && env SWITCHBOARD_DATA_DIR=${JSON.stringify(dataDir)} ${JSON.stringify(process.execPath)} dist/main.js`
  )
  if (!started.ok) throw new Error(`tmux could not start: ${started.err}`)
  // If the TUI dies, its last words stay on the screen for the failure message instead of the pane vanishing.
  tmux("set-option", "-t", session, "remain-on-exit", "on")
  const socketPath = tmux("display-message", "-p", "#{socket_path}").out.trim()

  const screen = () => tmux("capture-pane", "-p", "-t", session).out
  return {
    screen,
    /** Presses keys by tmux's names (`Enter`, `Escape`, `BTab`, `k`). */
    keys: (...names: ReadonlyArray<string>) => tmux("send-keys", "-t", session, ...names),
    type: (text: string) => tmux("send-keys", "-t", session, "-l", text),
    resize: (width: number, height: number) =>
      tmux("resize-window", "-t", session, "-x", String(width), "-y", String(height)),
    /** Waits until the screen shows `expected`; generous by default, since the machine may be loaded. */
    waitFor: async (expected: string | RegExp, timeoutMs = 30_000) => {
      await waitUntil(() => {
        const shown = screen()
        const found = typeof expected === "string" ? shown.includes(expected) : expected.test(shown)
        if (!found) throw new Error(`The terminal never showed ${String(expected)}; it shows:\n${shown}`)
      }, timeoutMs)
      return screen()
    },
    close: () => {
      tmux("kill-server")
      if (socketPath !== "") rmSync(socketPath, { force: true })
    }
  }
}

export type Terminal = ReturnType<typeof startTerminal>
