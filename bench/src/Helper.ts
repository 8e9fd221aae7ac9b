/**
 * Spawns one of the helper processes in `processes/` and waits for its ready line. Each is bundled once with esbuild
 * and run by plain `node`, not through tsx: a TypeScript loader would add tens of MiB and start-up work to the very
 * processes whose memory and CPU the benchmark compares with Switchboard's bundled server. Their stdin is a pipe
 * from this process: closing it, or this process dying, ends them.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { build, type Plugin } from "esbuild"

// Inside this package's node_modules, so the bundles resolve their external packages (Portkey) from here.
const outDir = fileURLToPath(new URL("../node_modules/.cache/bench-helpers/", import.meta.url))
const built = new Map<string, Promise<string>>()

// Installed packages stay external, as `packages: "external"` would keep them; the workspace's own packages are
// TypeScript sources that plain node cannot load, so they are bundled, with the `effect` they import tree-shaken in.
const bundled = /^(@switchboard\/|effect(\/|$))/
const externalPackages: Plugin = {
  name: "external-packages",
  setup: (build) => {
    build.onResolve({ filter: /^[^./]/ }, (args) => (bundled.test(args.path) ? undefined : { external: true }))
  }
}

const bundle = (name: string) => {
  let file = built.get(name)
  if (file === undefined) {
    const outfile = `${outDir}${name}.mjs`
    file = build({
      entryPoints: [fileURLToPath(new URL(`processes/${name}.ts`, import.meta.url))],
      outfile,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      plugins: [externalPackages],
      logLevel: "warning"
    }).then(() => outfile)
    built.set(name, file)
  }
  return file
}

export interface Helper {
  readonly process: ChildProcess
  readonly pid: number
  readonly ready: Readonly<Record<string, unknown>>
  readonly output: () => string
  readonly stop: () => Promise<void>
}

export interface HelperOptions {
  /** Decides from the output so far whether the helper is up (and with what); default: its first JSON line. */
  readonly ready?: (output: string) => Record<string, unknown> | undefined
  readonly timeoutMs?: number
}

/** Runs `processes/<name>.ts` with `args` and resolves once it is ready. */
export const spawnHelper = (name: string, args: ReadonlyArray<string>, options: HelperOptions = {}): Promise<Helper> =>
  bundle(name).then((file) => start(file, name, args, options))

const start = (file: string, name: string, args: ReadonlyArray<string>, options: HelperOptions): Promise<Helper> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, ...args], {
      env: { ...process.env, NODE_ENV: "production" },
      stdio: ["pipe", "pipe", "pipe"]
    })
    let output = ""
    let settled = false
    const exited = new Promise<void>((done) => child.once("exit", () => done()))
    const isReady =
      options.ready ??
      ((text: string) => {
        const line = text.split("\n").find((candidate) => candidate.startsWith("{"))
        return line === undefined ? undefined : (JSON.parse(line) as Record<string, unknown>)
      })
    const timer = setTimeout(
      () => fail(new Error(`${name} was not ready after ${options.timeoutMs ?? 30_000} ms:\n${output}`)),
      options.timeoutMs ?? 30_000
    )
    const fail = (error: Error) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      child.kill("SIGKILL")
      reject(error)
    }
    const stop = async () => {
      child.stdin?.end()
      child.kill("SIGTERM")
      await exited
    }
    const onOutput = (part: Buffer) => {
      output += part.toString("utf8")
      if (settled) return
      const ready = isReady(output)
      if (ready === undefined) return
      settled = true
      clearTimeout(timer)
      resolve({ process: child, pid: child.pid ?? -1, ready, output: () => output, stop })
    }
    child.stdout?.on("data", onOutput)
    child.stderr?.on("data", (part: Buffer) => {
      output += part.toString("utf8")
    })
    child.once("exit", (code) => fail(new Error(`${name} exited (${code}) before it was ready:\n${output}`)))
  })
