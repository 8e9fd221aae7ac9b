/**
 * Starts the real thing for the end-to-end tests: builds this dashboard and the server, then runs `node
 * apps/server/dist/main.js` on a free port (SWITCHBOARD_PORT=0) with a temporary data directory and a known token,
 * serving the fresh build. Resolves once the server prints its URL; `stop` sends SIGTERM and removes the data
 * directory.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"

export const webDir = resolve(dirname(fileURLToPath(import.meta.url)), "../..")
export const serverDir = resolve(webDir, "../server")

export interface Switchboard {
  readonly url: string
  readonly token: string
  readonly output: () => string
  readonly stop: () => Promise<void>
}

const run = (command: string, args: ReadonlyArray<string>, cwd: string) =>
  new Promise<void>((done, fail) => {
    // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
    const env = { ...process.env, NODE_ENV: "production" }
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    child.stdout.on("data", (data: Buffer) => (output += data))
    child.stderr.on("data", (data: Buffer) => (output += data))
    child.on("error", fail)
    child.on("exit", (code) =>
      code === 0 ? done() : fail(new Error(`${command} ${args.join(" ")} in ${cwd} failed (${code}):\n${output}`))
    )
  })

/**
 * Builds the dashboard (Vite, production mode) into a temporary directory — so a server someone runs from
 * `apps/web/dist` meanwhile is not disturbed — and the server bundle (esbuild) as `pnpm build` does. Returns the
 * dashboard's directory.
 */
export const buildAll = async (): Promise<string> => {
  const outDir = mkdtempSync(join(tmpdir(), "switchboard-web-e2e-"))
  const vite = join(webDir, "node_modules/vite/bin/vite.js")
  await run(process.execPath, [vite, "build", "--logLevel", "warn", "--outDir", outDir, "--emptyOutDir"], webDir)
  await run(process.execPath, ["build.mjs"], serverDir)
  return outDir
}

export const startSwitchboard = async (token: string, webRoot: string): Promise<Switchboard> => {
  const dataDir = mkdtempSync(join(tmpdir(), "switchboard-e2e-"))
  const child: ChildProcess = spawn(process.execPath, ["dist/main.js"], {
    cwd: serverDir,
    env: {
      ...process.env,
      SWITCHBOARD_DATA_DIR: dataDir,
      SWITCHBOARD_HOST: "127.0.0.1",
      SWITCHBOARD_PORT: "0",
      SWITCHBOARD_TOKEN: token,
      SWITCHBOARD_WEB_DIR: webRoot
    },
    stdio: ["ignore", "pipe", "pipe"]
  })
  let output = ""
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`the server did not start in 30 s:\n${output}`)), 30_000)
    const onData = (data: Buffer) => {
      output += data
      const match = output.match(/running at (http:\/\/\S+)/)
      if (match?.[1]) {
        clearTimeout(timer)
        done(match[1])
      }
    }
    child.stdout?.on("data", onData)
    child.stderr?.on("data", onData)
    child.on("exit", (code) => {
      clearTimeout(timer)
      fail(new Error(`the server exited (${code}) before listening:\n${output}`))
    })
  })
  return {
    url,
    token,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((done) => child.once("exit", done))
        child.kill("SIGTERM")
        await Promise.race([exited, new Promise((done) => setTimeout(done, 5000))])
        if (child.exitCode === null) child.kill("SIGKILL")
      }
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}
