/**
 * A local OpenAI-style upstream on 127.0.0.1: `GET /v1/models` and `POST /v1/chat/completions`, streaming and not.
 * It is the same fake for the benchmark (as fast as Node answers, so any gap is the gateway's) and for the drills,
 * where a `Behaviour` turns it into a faulty provider (401, 429, 500, a hang, an answer cut mid-way), a slow one
 * (verify at scale) or one that holds streams open (memory with 500 open streams, cancel storm). It counts its
 * connections, so a drill can prove that every cancelled stream's upstream connection was closed.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo, Socket } from "node:net"

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

/** The words of every answer; a gateway that passes it through unchanged returns exactly `expectedText`. */
export const chunkText = (index: number) => `w${index} `
export const expectedText = (chunks: number) => Array.from({ length: chunks }, (_, i) => chunkText(i)).join("")

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

const completionId = "chatcmpl-bench"

const chunkFrame = (model: string, delta: Record<string, unknown>, finish: string | null) =>
  `data: ${JSON.stringify({
    id: completionId,
    object: "chat.completion.chunk",
    created: 1,
    model,
    choices: [{ index: 0, delta, finish_reason: finish }]
  })}\n\n`

const usageFrame = (model: string, chunks: number) =>
  `data: ${JSON.stringify({
    id: completionId,
    object: "chat.completion.chunk",
    created: 1,
    model,
    choices: [],
    usage: { prompt_tokens: 8, completion_tokens: chunks, total_tokens: 8 + chunks }
  })}\n\n`

const completionBody = (model: string, chunks: number) =>
  JSON.stringify({
    id: completionId,
    object: "chat.completion",
    created: 1,
    model,
    choices: [{ index: 0, message: { role: "assistant", content: expectedText(chunks) }, finish_reason: "stop" }],
    usage: { prompt_tokens: 8, completion_tokens: chunks, total_tokens: 8 + chunks }
  })

const errorBody = (status: number, credential: string | undefined) => {
  const [type, said] =
    status === 401
      ? ["invalid_request_error", "Incorrect API key provided."]
      : status === 429
        ? ["rate_limit_error", "Rate limit reached; try again later."]
        : ["server_error", "The upstream had an internal error."]
  const message = credential === undefined ? said : `${said} You sent: ${credential}`
  return JSON.stringify({ error: { message, type, code: null, param: null } })
}

const pause = (ms: number) =>
  new Promise<void>((resolve) => (ms <= 0 ? setImmediate(resolve) : setTimeout(resolve, ms)))

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const parts: Array<Buffer> = []
    req.on("data", (part: Buffer) => parts.push(part))
    req.on("end", () => resolve(Buffer.concat(parts).toString("utf8")))
    req.on("error", reject)
  })

export const startUpstream = (initial: Partial<Behaviour> = {}): Promise<Upstream> => {
  let behaviour: Behaviour = { ...defaultBehaviour, ...initial }
  let opened = 0
  let closed = 0
  let chats = 0
  let modelLists = 0
  const authorizations = new Set<string>()
  const held = new Set<() => void>()
  const sockets = new Set<Socket>()
  const answering = new Set<ServerResponse>()

  const stream = async (res: ServerResponse, model: string, current: Behaviour) => {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" })
    res.write(chunkFrame(model, { role: "assistant", content: "" }, null))
    let gone = false
    res.on("close", () => {
      gone = true
    })
    for (let i = 0; i < current.chunks; i++) {
      if (gone) return
      if (current.fault === "cut" && i === Math.floor(current.chunks / 2)) {
        // A provider that dies mid-answer: the connection drops with no final chunk and no [DONE].
        res.socket?.destroy()
        return
      }
      res.write(chunkFrame(model, { content: chunkText(i) }, null))
      if (current.hold && i === 0) {
        await new Promise<void>((resolve) => {
          held.add(resolve)
          res.on("close", () => {
            held.delete(resolve)
            resolve()
          })
        })
        if (gone) return
      }
      await pause(current.chunkDelayMs)
    }
    if (gone) return
    res.write(chunkFrame(model, {}, "stop"))
    res.write(usageFrame(model, current.chunks))
    res.end("data: [DONE]\n\n")
  }

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const current = behaviour
    // Every credential header (OpenAI's, Anthropic's, Gemini's), so a drill can tell which keys reached the upstream.
    for (const name of ["authorization", "x-api-key", "x-goog-api-key"]) {
      const value = req.headers[name]
      if (typeof value === "string") authorizations.add(value)
    }
    const body = await readBody(req)
    const path = new URL(req.url ?? "/", "http://upstream").pathname
    if (current.fault === "hang") return // Never answers; only the client's timeout ends it.
    const status = current.fault === "401" ? 401 : current.fault === "429" ? 429 : current.fault === "500" ? 500 : 200
    if (status !== 200) {
      if (path.endsWith("/chat/completions")) chats++
      const retryAfter = status === 429 ? current.retryAfterSeconds : undefined
      res.writeHead(status, {
        "content-type": "application/json",
        ...(retryAfter === undefined ? {} : { "retry-after": String(retryAfter) })
      })
      const credential =
        req.headers.authorization ??
        (req.headers["x-api-key"] as string | undefined) ??
        (req.headers["x-goog-api-key"] as string | undefined)
      res.end(errorBody(status, current.echoKey === true ? credential : undefined))
      return
    }
    if (req.method === "GET" && path.endsWith("/models")) {
      modelLists++
      await pause(current.modelsDelayMs)
      res.writeHead(200, { "content-type": "application/json" })
      res.end(JSON.stringify({ object: "list", data: [{ id: "fast-model", object: "model", owned_by: "bench" }] }))
      return
    }
    if (req.method === "POST" && path.endsWith("/chat/completions")) {
      chats++
      let request: { model?: unknown; stream?: unknown }
      try {
        request = JSON.parse(body) as typeof request
      } catch {
        res.writeHead(400, { "content-type": "application/json" })
        res.end(JSON.stringify({ error: { message: "body is not JSON", type: "invalid_request_error" } }))
        return
      }
      const model = typeof request.model === "string" ? request.model : "unknown"
      if (request.stream === true) return stream(res, model, current)
      const complete = completionBody(model, current.chunks)
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(complete) })
      if (current.fault !== "cut") return res.end(complete)
      // The connection dies halfway through the answer.
      res.write(complete.slice(0, complete.length >> 1))
      setImmediate(() => res.socket?.destroy())
      return
    }
    res.writeHead(404, { "content-type": "application/json" })
    res.end(JSON.stringify({ error: { message: `no route ${req.method} ${path}`, type: "invalid_request_error" } }))
  }

  // Node's defaults, spelled out: the cancel-storm drill relies on an idle, never-used connection living 60 s here.
  const server = createServer({ keepAliveTimeout: 60_000, headersTimeout: 60_000 }, (req, res) => {
    answering.add(res)
    res.on("close", () => answering.delete(res))
    handle(req, res).catch(() => res.destroy())
  })
  server.on("connection", (socket: Socket) => {
    opened++
    sockets.add(socket)
    socket.on("close", () => {
      closed++
      sockets.delete(socket)
    })
  })

  return new Promise((resolve, reject) => {
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      resolve({
        port,
        baseUrl: `http://127.0.0.1:${port}/`,
        stats: () => ({ opened, closed, busy: answering.size, chats, modelLists, holding: held.size, authorizations }),
        set: (change) => {
          behaviour = { ...behaviour, ...change }
        },
        release: () => {
          for (const resume of [...held]) resume()
          held.clear()
        },
        close: () =>
          new Promise<void>((done) => {
            for (const resume of [...held]) resume()
            for (const socket of sockets) socket.destroy()
            server.close(() => done())
          })
      })
    })
  })
}
