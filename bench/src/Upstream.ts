/**
 * The shared fake upstream (`@switchboard/testing`) set up for the benchmark and the drills: `GET /v1/models` and the
 * chat of three protocols (`Protocols.ts`: OpenAI's `POST /v1/chat/completions`, Anthropic's `POST /v1/messages`,
 * Gemini's `POST /v1beta/models/{model}:streamGenerateContent?alt=sse` and `:generateContent`), streaming and not,
 * with no request log so it answers as fast as Node does (any gap is the gateway's). Faults answer every protocol
 * with the same OpenAI-style error body. A `Behaviour` turns it into a faulty provider (401, 429, 500, a hang, an
 * answer cut mid-way), a slow one (verify at scale) or one that holds streams open (memory with 500 open streams,
 * cancel storm). Its connection counts let a drill prove every cancelled stream's upstream connection was closed.
 */
import type { ServerResponse } from "node:http"
import * as Answers from "@switchboard/testing/Answers"
import * as FakeUpstream from "@switchboard/testing/FakeUpstream"
import * as AnthropicFrames from "@switchboard/testing/AnthropicFrames"
import * as GeminiFrames from "@switchboard/testing/GeminiFrames"
import * as OpenAiFrames from "@switchboard/testing/OpenAiFrames"
import { chatOptions, chatProtocol, completeAnswer, streamFrames } from "./Protocols"

export { chunkText, expectedText } from "./Protocols"

export type Fault = "none" | "401" | "429" | "500" | "hang" | "cut"

export interface Behaviour {
  readonly fault: Fault
  /** Content chunks in a streamed answer. */
  readonly chunks: number
  /** Pause between streamed chunks; 0 yields to the event loop only (`setImmediate`), so each is its own write. */
  readonly chunkDelayMs: number
  /** Pause before answering `GET /v1/models` (a slow key check). */
  readonly modelsDelayMs: number
  /** Send the first chunk, then keep the stream open until the client leaves or `release()` is called. */
  readonly hold: boolean
  /** A 429's `Retry-After` in seconds; none by default, as vLLM and most self-hosted servers send none. */
  readonly retryAfterSeconds?: number
  /** Error bodies quote the credential they received, as some servers and proxies do ("Incorrect API key: sk-…"). */
  readonly echoKey?: boolean
}

export const defaultBehaviour: Behaviour = { fault: "none", chunks: 32, chunkDelayMs: 0, modelsDelayMs: 0, hold: false }

export interface UpstreamStats {
  /** TCP connections accepted so far. */
  readonly opened: number
  /** Of those, closed so far (by either side). */
  readonly closed: number
  /** Open connections in the middle of an answer (a request received, its response not finished). */
  readonly busy: number
  /** Chat requests received. */
  readonly chats: number
  /** `GET /v1/models` requests received. */
  readonly modelLists: number
  /** Streams currently held open (`hold`). */
  readonly holding: number
  /** Every credential header value seen (`Authorization`, `x-api-key`, `x-goog-api-key`): what reached the upstream. */
  readonly authorizations: ReadonlySet<string>
}

export interface Upstream {
  readonly port: number
  /** The base URL a provider is configured with. */
  readonly baseUrl: string
  readonly stats: () => UpstreamStats
  /** Changes how the next requests are answered. */
  readonly set: (change: Partial<Behaviour>) => void
  /** Ends every held stream with its remaining chunks. */
  readonly release: () => void
  readonly close: () => Promise<void>
}

const errorBody = (status: number, credential: string | undefined) => {
  const [type, said] =
    status === 401
      ? ["invalid_request_error", "Incorrect API key provided."]
      : status === 429
        ? ["rate_limit_error", "Rate limit reached; try again later."]
        : ["server_error", "The upstream had an internal error."]
  return OpenAiFrames.error(credential === undefined ? said : `${said} You sent: ${credential}`, type)
}

const credentialHeaders = ["authorization", "x-api-key", "x-goog-api-key"]

const faultStatus: Readonly<Record<Fault, number>> = {
  none: 200,
  "401": 401,
  "429": 429,
  "500": 500,
  hang: 0,
  cut: 200
}

/** The model list in the caller's protocol: Gemini's under `/v1beta`, Anthropic's when it sends its version header. */
const modelList = (path: string, anthropic: boolean) =>
  path.startsWith("/v1beta/")
    ? GeminiFrames.modelList(["fast-model"])
    : anthropic
      ? AnthropicFrames.modelList(["fast-model"])
      : OpenAiFrames.modelList(["fast-model"])

export const startUpstream = async (initial: Partial<Behaviour> = {}): Promise<Upstream> => {
  let behaviour: Behaviour = { ...defaultBehaviour, ...initial }
  let chats = 0
  let modelLists = 0
  const authorizations = new Set<string>()
  const held = new Set<() => void>()
  const upstream = await FakeUpstream.start({ record: false })

  const hold = (res: ServerResponse) =>
    new Promise<void>((resolve) => {
      held.add(resolve)
      res.on("close", () => {
        held.delete(resolve)
        resolve()
      })
    })

  upstream.fallback(async (request, res) => {
    const current = behaviour
    // Every credential header (OpenAI's, Anthropic's, Gemini's), so a drill can tell which keys reached the upstream.
    let credential: string | undefined
    for (const name of credentialHeaders) {
      const value = request.headers[name]
      if (typeof value !== "string") continue
      authorizations.add(value)
      credential ??= value
    }
    if (current.fault === "hang") return // Never answers; only the client's timeout ends it.
    const status = faultStatus[current.fault]
    const protocol = chatProtocol(request.path)
    if (status !== 200) {
      if (protocol !== undefined) chats++
      const retryAfter = status === 429 ? current.retryAfterSeconds : undefined
      const headers: Record<string, string> = retryAfter === undefined ? {} : { "retry-after": String(retryAfter) }
      const body = errorBody(status, current.echoKey === true ? credential : undefined)
      return Answers.json(status, body, headers)(request, res)
    }
    if (request.method === "GET" && request.path.endsWith("/models")) {
      modelLists++
      await Answers.pause(current.modelsDelayMs)
      const list = modelList(request.path, request.headers["anthropic-version"] !== undefined)
      return Answers.json(200, list)(request, res)
    }
    if (request.method !== "POST" || protocol === undefined) {
      const message = `no route ${request.method} ${request.path}`
      return Answers.json(404, OpenAiFrames.error(message))(request, res)
    }
    chats++
    if (request.body === undefined) return Answers.json(400, OpenAiFrames.error("body is not JSON"))(request, res)
    const { model, stream } = chatOptions(protocol, request.path, request.body)
    if (stream) {
      if (protocol === "gemini" && request.query.get("alt") !== "sse") {
        const message = "this upstream streams Gemini as SSE only (?alt=sse)"
        return Answers.json(400, OpenAiFrames.error(message))(request, res)
      }
      return Answers.frames(streamFrames(protocol, model, current.chunks), {
        delayMs: current.chunkDelayMs,
        ...(current.hold ? { holdAfter: { index: 0, until: hold } } : {}),
        ...(current.fault === "cut" ? { cutAt: Math.floor(current.chunks / 2) } : {})
      })(request, res)
    }
    const complete = completeAnswer(protocol, model, current.chunks)
    res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(complete) })
    if (current.fault !== "cut") return void res.end(complete)
    // The connection dies halfway through the answer.
    res.write(complete.slice(0, complete.length >> 1))
    setImmediate(() => res.socket?.destroy())
  })

  const release = () => {
    for (const resume of [...held]) resume()
    held.clear()
  }
  return {
    port: upstream.port,
    baseUrl: `${upstream.url}/`,
    stats: () => {
      const { opened, closed, busy } = upstream.stats()
      return { opened, closed, busy, chats, modelLists, holding: held.size, authorizations }
    },
    set: (change) => {
      behaviour = { ...behaviour, ...change }
    },
    release,
    close: () => {
      release()
      return upstream.close()
    }
  }
}
