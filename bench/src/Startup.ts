/**
 * Start-up figures: how long the built server takes from spawn to answering `/healthz` (on a new data directory,
 * which includes creating the database and the master key, and again on that existing one); the TUI's time from
 * spawn to its first frame on a real pseudo-terminal (`script`), if the TUI is built; and the dashboard's bundle
 * size after gzip, as a browser downloads it.
 */
import { spawn } from "node:child_process"
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { gzipSync } from "node:zlib"
import { median } from "./Stats"
import { makeDataDir, startSwitchboard } from "./Switchboard"

export const tuiBundle = fileURLToPath(new URL("../../apps/tui/dist/main.js", import.meta.url))
export const webDist = fileURLToPath(new URL("../../apps/web/dist", import.meta.url))

export interface ServerStartup {
  readonly newDataDirMs: number
  readonly existingDataDirMs: number
  readonly runs: number
}

export const measureServerStartup = async (runs: number): Promise<ServerStartup> => {
  const fresh: Array<number> = []
  const existing: Array<number> = []
  for (let i = 0; i < runs; i++) {
    const dataDir = await makeDataDir()
    for (const into of [fresh, existing]) {
      const server = await startSwitchboard({ dataDir })
      into.push(server.readyMs)
      await server.stop()
    }
  }
  return { newDataDirMs: median(fresh), existingDataDirMs: median(existing), runs }
}

// CSI and OSC sequences and single-character escapes: what is left is what a person sees.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching terminal escapes is the point
const escapes = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007]*(?:\u0007|\u001b\\)|\u001b[@-_]/g

/** Spawn → the first frame (its title) on a pty, in ms; `undefined` when the TUI is not built. */
export const measureTuiFirstFrame = async (runs: number): Promise<number | undefined> => {
  if (!existsSync(tuiBundle)) return undefined
  const samples: Array<number> = []
  for (let i = 0; i < runs; i++) samples.push(await tuiFirstFrame(await makeDataDir()))
  return median(samples)
}

const tuiFirstFrame = (dataDir: string) =>
  new Promise<number>((resolve, reject) => {
    const started = performance.now()
    // `script` gives the TUI a real terminal (Ink draws only on a TTY); -q quiet, -f flush, -e exit code, -c command.
    const child = spawn(
      "script",
      ["-qfec", `${JSON.stringify(process.execPath)} ${JSON.stringify(tuiBundle)}`, "/dev/null"],
      {
        env: { ...process.env, SWITCHBOARD_DATA_DIR: dataDir, TERM: "xterm-256color", COLUMNS: "120", LINES: "40" },
        stdio: ["pipe", "pipe", "pipe"],
        detached: true
      }
    )
    let output = ""
    const timer = setTimeout(() => finish(new Error(`the TUI drew nothing in 30 s:\n${output}`)), 30_000)
    const finish = (result: number | Error) => {
      clearTimeout(timer)
      try {
        // The whole group: `script` and the TUI under it.
        process.kill(-(child.pid ?? 0), "SIGKILL")
      } catch {}
      if (typeof result === "number") resolve(result)
      else reject(result)
    }
    child.stdout.on("data", (part: Buffer) => {
      output += part.toString("utf8")
      // The first frame is drawn when its title is on screen (the provider list's header starts with it).
      if (output.replace(escapes, "").includes("Switchboard")) finish(performance.now() - started)
    })
    child.once("exit", (code) => finish(new Error(`the TUI exited (${code}) before drawing:\n${output}`)))
  })

export interface BundleSize {
  readonly files: number
  readonly rawBytes: number
  readonly gzipBytes: number
}

/** Every file a browser loads from `apps/web/dist` (HTML, JS, CSS), raw and gzipped; `undefined` if not built. */
export const measureDashboardBundle = (): BundleSize | undefined => {
  if (!existsSync(webDist)) return undefined
  const files = walk(webDist).filter((file) => /\.(?:html|js|css)$/.test(file))
  let rawBytes = 0
  let gzipBytes = 0
  for (const file of files) {
    const content = readFileSync(file)
    rawBytes += content.byteLength
    gzipBytes += gzipSync(content).byteLength
  }
  return { files: files.length, rawBytes, gzipBytes }
}

const walk = (dir: string): Array<string> =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? walk(path) : [path]
  })
