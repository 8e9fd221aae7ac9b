/**
 * The app in-process, as the route tests use it: the real core (in-memory stores) with the real adapters over
 * undici, a fixed token, and a log that collects every line. `call` sends a request through `app.request` with the
 * token and JSON encoding filled in; `json` also reads the answer.
 */
import { NodeHttpClient } from "@effect/platform-node"
import * as Adapters from "@switchboard/adapters/Adapters"
import * as Embedded from "@switchboard/core/Embedded"
import { Layer, ManagedRuntime } from "effect"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type AppOptions, makeApp } from "../../src/App"
import { makeInflight } from "../../src/Inflight"
import { jsonLog } from "../../src/Log"

/** Answers are read loosely: each test asserts the exact fields it cares about. */
// biome-ignore lint/suspicious/noExplicitAny: test bodies are checked field by field
export type Json = any

export const testToken = "test-token-0123456789abcdef"

/** The whole core on memory stores, with the real adapters. */
export const coreLayer = () => Embedded.layerMemory(Adapters.layer.pipe(Layer.provide(NodeHttpClient.layerUndici)))

/** An empty folder standing in for an unbuilt dashboard. */
export const emptyWebRoot = () => mkdtempSync(join(tmpdir(), "switchboard-web-"))

export interface CallOptions {
  readonly body?: unknown
  /** Raw text instead of JSON-encoding `body`. */
  readonly raw?: string
  readonly headers?: Record<string, string>
  /** `null` sends no Authorization header. */
  readonly token?: string | null
}

export const makeTestApp = (options: Partial<AppOptions> = {}) => {
  const logs: Array<string> = []
  const runtime = ManagedRuntime.make(coreLayer())
  const inflight = makeInflight()
  const app = makeApp({
    runtime,
    token: testToken,
    log: jsonLog((line) => logs.push(line)),
    inflight,
    webRoot: emptyWebRoot(),
    ...options
  })
  /** Every answer's text, for the no-plain-key test. */
  const seen: Array<string> = []

  const call = async (method: string, path: string, opts: CallOptions = {}) => {
    const token = opts.token === undefined ? testToken : opts.token
    const headers: Record<string, string> = {
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...(opts.body !== undefined || opts.raw !== undefined ? { "content-type": "application/json" } : {}),
      ...opts.headers
    }
    const body = opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body))
    const res = await app.request(path, { method, headers, ...(body === undefined ? {} : { body }) })
    return res
  }

  /** `call`, then the answer's status, JSON body (or text) and headers. */
  const json = async <T = Json>(method: string, path: string, opts: CallOptions = {}) => {
    const res = await call(method, path, opts)
    const text = await res.text()
    seen.push(text)
    let body: T
    try {
      body = (text === "" ? undefined : JSON.parse(text)) as T
    } catch {
      body = text as T
    }
    return { status: res.status, body, headers: res.headers, text }
  }

  return { app, runtime, logs, seen, inflight, call, json, dispose: () => runtime.dispose() }
}

export type TestApp = ReturnType<typeof makeTestApp>

/** A keyless OpenAI-compatible provider at `baseUrl` with `models`, as the API creates it. */
export const addProvider = async (t: TestApp, input: Record<string, unknown>) => {
  const res = await t.json("POST", "/api/providers", { body: input })
  if (res.status !== 201) throw new Error(`adding a provider failed: ${res.status} ${res.text}`)
  return res.body as { id: string; revision: number; apiKeys: Array<{ id: string; masked: string }> }
}

/** Parses an SSE body into its events. */
export const parseSse = (text: string) =>
  text
    .split("\n\n")
    .filter((frame) => frame.trim() !== "")
    .map((frame) => {
      const event = /^event: (.*)$/m.exec(frame)?.[1] ?? "message"
      const data = frame
        .split("\n")
        .filter((line) => line.startsWith("data: "))
        .map((line) => line.slice(6))
        .join("\n")
      return { event, data: (data === "[DONE]" ? data : JSON.parse(data)) as Json }
    })
