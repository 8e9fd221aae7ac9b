/**
 * A stand-in for the server in component tests: routes `"METHOD /path"` to handlers and fails the test loudly on any
 * request nobody stubbed, so a component calling an unexpected endpoint cannot pass by accident. Every call is
 * recorded with its headers and parsed body.
 */
import { vi } from "vitest"
import type { ModelView as Model, ProviderView as Provider } from "@switchboard/core/domain/ProviderView"
import type { ProvidersState } from "../src/hooks/useProviders"

export interface Call {
  readonly method: string
  readonly url: string
  readonly path: string
  readonly headers: Headers
  readonly body: unknown
  readonly signal: AbortSignal | undefined
}

export type Handler = (call: Call) => Response | Promise<Response>

export const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } })

export const apiError = (status: number, code: string, message: string, field?: string): Response =>
  json({ error: { code, message, ...(field === undefined ? {} : { field }) } }, status)

/** Installs the fake `fetch`; routes match on method and path (without the query). */
export const fakeFetch = (routes: Record<string, Handler>) => {
  const calls: Array<Call> = []
  const unhandled: Array<string> = []
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input)
    const method = init?.method ?? "GET"
    const path = new URL(url, "http://localhost").pathname
    const body = typeof init?.body === "string" ? (JSON.parse(init.body) as unknown) : undefined
    const call: Call = {
      method,
      url,
      path,
      headers: new Headers(init?.headers),
      body,
      signal: init?.signal ?? undefined
    }
    calls.push(call)
    const handler = routes[`${method} ${path}`]
    if (handler === undefined) {
      unhandled.push(`${method} ${url}`)
      throw new Error(`unstubbed request ${method} ${url}`)
    }
    return handler(call)
  })
  vi.stubGlobal("fetch", fetch)
  return { calls, unhandled, fetch }
}

export const provider = (overrides: Partial<Provider> = {}): Provider => ({
  id: "vllm",
  name: "vLLM",
  type: "openai",
  enabled: true,
  baseUrl: "http://127.0.0.1:8000",
  apiKeys: [],
  headers: {},
  timeouts: { firstByteMs: 120_000, idleMs: 60_000, verifyMs: 15_000, maxRetries: 2 },
  models: [],
  revision: 1,
  createdAt: "2025-01-01T00:00:00.000Z",
  updatedAt: "2025-01-01T00:00:00.000Z",
  ...overrides
})

const noCapabilities = { vision: false, reasoning: false, tools: false, embedding: false, webSearch: false }

export const model = (id: string, group = id.split(/[/:]/)[0] ?? id): Model => ({
  id,
  name: id,
  group,
  capabilities: noCapabilities,
  overrides: {},
  facts: {
    capabilities: Object.fromEntries(
      Object.entries(noCapabilities).map(([capability, value]) => [capability, { value, source: "inferred" as const }])
    ) as Model["facts"]["capabilities"]
  }
})

/** An SSE body whose events are released one by one by `push`, so a test can look between chunks. */
export const sseStream = () => {
  let controller!: ReadableStreamDefaultController<Uint8Array>
  let cancelled = false
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c
    },
    cancel() {
      cancelled = true
    }
  })
  const encoder = new TextEncoder()
  return {
    response: () => new Response(stream, { headers: { "content-type": "text/event-stream" } }),
    push: (event: string, data: unknown) =>
      controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)),
    end: () => controller.close(),
    get cancelled() {
      return cancelled
    }
  }
}

/** The provider list as the app would hand it to a page, with its changes as spies. */
export const providersState = (providers: ReadonlyArray<Provider>): ProvidersState => ({
  providers,
  loading: false,
  error: undefined,
  reload: vi.fn(),
  put: vi.fn(),
  drop: vi.fn(),
  setAll: vi.fn()
})
