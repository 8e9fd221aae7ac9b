/**
 * Switchboard's real server as users run it: the built bundle (`apps/server/dist/main.js`) in its own process, on
 * 127.0.0.1, with a temporary data directory and a known token. The benchmark and every drill go through this, so
 * they measure and break what ships, not an in-process test double. Its stdout and stderr (the structured request
 * log) are kept, for the secrets drill.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { mkdtemp } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { freePort, waitFor } from "./Wait"

export const serverBundle = fileURLToPath(new URL("../../apps/server/dist/main.js", import.meta.url))

/** The token every run uses; long enough that no response or log could contain it by accident. */
export const benchToken = "bench-token-4b1d7c0e9a2f4e6b8d3c"

export interface SwitchboardOptions {
  /** Reuse a data directory (the crash drill restarts on the same one); default a new temporary one. */
  readonly dataDir?: string
  readonly port?: number
  readonly env?: Readonly<Record<string, string>>
  /** Extra `node` flags (a profiler, for one). */
  readonly nodeArgs?: ReadonlyArray<string>
}

export interface Switchboard {
  readonly url: string
  readonly port: number
  readonly dataDir: string
  readonly pid: number
  readonly process: ChildProcess
  /** Everything the process printed so far (stdout then stderr interleaved as received). */
  readonly output: () => string
  /** Milliseconds from spawn until `/healthz` answered 200. */
  readonly readyMs: number
  /** JSON call to the REST API or the gateway with the token; the body is parsed when it is JSON. */
  readonly call: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Answer>
  /** SIGTERM and wait for the exit (graceful shutdown). */
  readonly stop: () => Promise<void>
  /** SIGKILL and wait for the exit (no chance to clean up). */
  readonly kill: () => Promise<void>
}

export interface Answer {
  readonly status: number
  readonly headers: Headers
  readonly text: string
  readonly json: unknown
}

export const makeDataDir = () => mkdtemp(join(tmpdir(), "switchboard-bench-"))

/** Sends one request to `url` and reads the whole answer. */
export const request = async (
  url: string,
  init: { method: string; headers?: Record<string, string>; body?: string | undefined }
): Promise<Answer> => {
  const response = await fetch(url, {
    method: init.method,
    ...(init.headers === undefined ? {} : { headers: init.headers }),
    ...(init.body === undefined ? {} : { body: init.body })
  })
  const text = await response.text()
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: response.status, headers: response.headers, text, json }
}

export const startSwitchboard = async (options: SwitchboardOptions = {}): Promise<Switchboard> => {
  if (!existsSync(serverBundle))
    throw new Error(
      `${serverBundle} is missing: build the server first (pnpm turbo run build --filter=@switchboard/server...)`
    )
  const dataDir = options.dataDir ?? (await makeDataDir())
  const port = options.port ?? (await freePort())
  const url = `http://127.0.0.1:${port}`
  let output = ""
  const started = performance.now()
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), serverBundle], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? tmpdir(),
      SWITCHBOARD_DATA_DIR: dataDir,
      SWITCHBOARD_PORT: String(port),
      SWITCHBOARD_HOST: "127.0.0.1",
      SWITCHBOARD_TOKEN: benchToken,
      SWITCHBOARD_SHUTDOWN_GRACE_MS: "1000",
      ...options.env
    },
    stdio: ["ignore", "pipe", "pipe"]
  })
  child.stdout.on("data", (part: Buffer) => {
    output += part.toString("utf8")
  })
  child.stderr.on("data", (part: Buffer) => {
    output += part.toString("utf8")
  })
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()))
  let dead = false
  void exited.then(() => {
    dead = true
  })

  await waitFor(
    async () => {
      if (dead) throw new Error(`the server exited before it was ready:\n${output}`)
      try {
        return (await fetch(`${url}/healthz`)).status === 200
      } catch {
        return false
      }
    },
    { timeoutMs: 30_000, intervalMs: 5, what: "Switchboard to answer /healthz" }
  )
  const readyMs = performance.now() - started

  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    request(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${benchToken}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body)
    })

  const signal = async (name: NodeJS.Signals) => {
    if (dead) return
    child.kill(name)
    await exited
  }

  return {
    url,
    port,
    dataDir,
    pid: child.pid ?? -1,
    process: child,
    output: () => output,
    readyMs,
    call,
    stop: () => signal("SIGTERM"),
    kill: () => signal("SIGKILL")
  }
}

export interface ProviderSetup {
  readonly name: string
  /** The protocol Switchboard speaks to it; `openai` (relayed as is) unless told. */
  readonly type?: "openai" | "anthropic" | "gemini"
  readonly baseUrl: string
  readonly apiKeys?: ReadonlyArray<string>
  readonly models?: ReadonlyArray<string>
  readonly timeouts?: Readonly<Record<string, number>>
}

/** Adds a provider (OpenAI-compatible by default) and its models through the REST API; returns its id. */
export const addProvider = async (server: Switchboard, setup: ProviderSetup): Promise<string> => {
  const created = await server.call("POST", "/api/providers", {
    name: setup.name,
    type: setup.type ?? "openai",
    baseUrl: setup.baseUrl,
    apiKeys: setup.apiKeys ?? [],
    ...(setup.timeouts === undefined ? {} : { timeouts: setup.timeouts })
  })
  if (created.status !== 201) throw new Error(`adding provider ${setup.name}: ${created.status} ${created.text}`)
  const id = (created.json as { id: string }).id
  const models = setup.models ?? ["fast-model"]
  if (models.length > 0) {
    const added = await server.call("POST", `/api/providers/${encodeURIComponent(id)}/models`, [...models])
    if (added.status !== 201) throw new Error(`adding models to ${id}: ${added.status} ${added.text}`)
  }
  return id
}
