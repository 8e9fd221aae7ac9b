// Measures the built TUI's time to first frame: starts `dist/main.js` in a detached 80×24 tmux session on a fresh
// data directory, `runs` times, and reads the time the process itself recorded (`SWITCHBOARD_STARTUP_TRACE`: from
// process start to the first frame written, module loading included) and when the frame was seen on the tmux screen
// (polled every 5 ms from just before the session started). Run `node build.mjs` first.
// Usage: node scripts/measure-first-frame.mjs [runs]
import { spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"

const runs = Number(process.argv[2] ?? 10)
const app = resolve(import.meta.dirname, "..")
const socket = `switchboard-measure-${process.pid}`
const tmux = (...args) => spawnSync("tmux", ["-L", socket, "-f", "/dev/null", ...args], { encoding: "utf8" })
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

const inProcess = []
const onScreen = []
for (let i = 0; i < runs; i++) {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-measure-"))
  const trace = join(dir, "trace")
  const started = performance.now()
  const session = tmux(
    "new-session",
    "-d",
    "-s",
    "m",
    "-x",
    "80",
    "-y",
    "24",
    `cd ${JSON.stringify(app)} && env SWITCHBOARD_DATA_DIR=${JSON.stringify(dir)} SWITCHBOARD_STARTUP_TRACE=${JSON.stringify(trace)} ${JSON.stringify(process.execPath)} dist/main.js`
  )
  if (session.status !== 0) throw new Error(`tmux could not start: ${session.stderr}`)
  // tmux leaves its socket file behind; remember it to remove it.
  const socketPath = tmux("display-message", "-p", "#{socket_path}").stdout.trim()
  while (!tmux("capture-pane", "-p", "-t", "m").stdout.includes("Switchboard · Providers")) await sleep(5)
  onScreen.push(performance.now() - started)
  let recorded = null
  while (recorded === null) {
    recorded = existsSync(trace) ? /firstFrameMs=([\d.]+)/.exec(readFileSync(trace, "utf8")) : null
    if (recorded === null) await sleep(5)
  }
  inProcess.push(Number(recorded[1]))
  tmux("kill-server")
  if (socketPath !== "") rmSync(socketPath, { force: true })
  rmSync(dir, { recursive: true, force: true })
}
console.log(`runs: ${runs}`)
console.log(
  `first frame, in process: median ${median(inProcess).toFixed(0)} ms (min ${Math.min(...inProcess).toFixed(0)}, max ${Math.max(...inProcess).toFixed(0)})`
)
console.log(
  `first frame, seen on the tmux screen: median ${median(onScreen).toFixed(0)} ms (min ${Math.min(...onScreen).toFixed(0)}, max ${Math.max(...onScreen).toFixed(0)})`
)
