/**
 * Local upstreams for the server's tests and benchmark: one `node:http` server on 127.0.0.1 (port 0) speaking one
 * provider protocol — OpenAI-compatible, Anthropic or Gemini — well enough for the real adapters: a model list and a
 * streamed answer of scripted pieces. A test can switch it to a fault (an error status, a hang before any byte, a
 * stall after the first piece) and count the responses its clients abandoned, which is how cancellation is proven.
 */
import * as Http from "node:http"
import type { AddressInfo, Socket } from "node:net"

export type Protocol = "openai" | "anthropic" | "gemini"

export type Behaviour =
  | { readonly kind: "answer"; readonly pieces: ReadonlyArray<string>; readonly reasoning?: string }
  | { readonly kind: "status"; readonly status: number; readonly body: unknown }
  /** Headers and the first piece, then silence until the client leaves. */
  | { readonly kind: "stall"; readonly first: string }
  /** Nothing at all until the client leaves. */
  | { readonly kind: "hang" }
  /** An answer whose frames arrive `delayMs` apart (a model generating). */
  | { readonly kind: "slow"; readonly pieces: ReadonlyArray<string>; readonly delayMs: number }

export interface Received {
  readonly method: string
  readonly path: string
  readonly headers: Http.IncomingHttpHeaders
  readonly body: unknown
}

export interface Upstream {
  readonly protocol: Protocol
  /** `http://127.0.0.1:<port>`: the base URL to configure. */
  readonly url: string
  readonly models: ReadonlyArray<string>
  readonly received: Array<Received>
  behave(behaviour: Behaviour): void
  /** Responses the client abandoned before they were finished. */
  aborted(): number
  /** Resolves once `count` responses were abandoned; rejects after `timeoutMs`. */
  waitAborted(count: number, timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

export const defaultAnswer: Behaviour = { kind: "answer", pieces: ["Hello", " from", " upstream"] }

const sseHead = { "content-type": "text/event-stream", "cache-control": "no-cache" }

/** The protocol's frames for one answer. */
const frames = (
  protocol: Protocol,
  model: string,
  pieces: ReadonlyArray<string>,
  reasoning?: string
): Array<string> => {
  const outputTokens = pieces.length
  switch (protocol) {
    case "openai": {
      const chunk = (delta: unknown, finish: string | null) =>
        `data: ${JSON.stringify({ id: "chatcmpl-up", object: "chat.completion.chunk", created: 1, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`
      return [
        ...(reasoning === undefined ? [] : [chunk({ role: "assistant", reasoning_content: reasoning }, null)]),
        ...pieces.map((text, i) => chunk(i === 0 ? { role: "assistant", content: text } : { content: text }, null)),
        chunk({}, "stop"),
        `data: ${JSON.stringify({ id: "chatcmpl-up", object: "chat.completion.chunk", created: 1, model, choices: [], usage: { prompt_tokens: 7, completion_tokens: outputTokens, total_tokens: 7 + outputTokens } })}\n\n`,
        "data: [DONE]\n\n"
      ]
    }
    case "anthropic": {
      const event = (type: string, data: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`
      return [
        event("message_start", {
          message: {
            id: "msg_up",
            type: "message",
            role: "assistant",
            content: [],
            model,
            stop_reason: null,
            usage: { input_tokens: 7, output_tokens: 1 }
          }
        }),
        event("content_block_start", { index: 0, content_block: { type: "text", text: "" } }),
        ...pieces.map((text) => event("content_block_delta", { index: 0, delta: { type: "text_delta", text } })),
        event("content_block_stop", { index: 0 }),
        event("message_delta", {
          delta: { stop_reason: "end_turn", stop_sequence: null },
          usage: { output_tokens: outputTokens }
        }),
        event("message_stop", {})
      ]
    }
    case "gemini": {
      const data = (parts: unknown, extra: object = {}) =>
        `data: ${JSON.stringify({ candidates: [{ content: { role: "model", parts }, index: 0, ...extra }], modelVersion: model })}\r\n\r\n`
      return [
        ...pieces.slice(0, -1).map((text) => data([{ text }])),
        `data: ${JSON.stringify({
          candidates: [
            { content: { role: "model", parts: [{ text: pieces.at(-1) ?? "" }] }, finishReason: "STOP", index: 0 }
          ],
          usageMetadata: { promptTokenCount: 7, candidatesTokenCount: outputTokens, totalTokenCount: 7 + outputTokens },
          modelVersion: model
        })}\r\n\r\n`
      ]
    }
  }
}

/** An OpenAI-compatible server's complete answer (`stream` not set): one `chat.completion` object. */
const completion = (model: string, pieces: ReadonlyArray<string>, reasoning?: string) =>
  JSON.stringify({
    id: "chatcmpl-up",
    object: "chat.completion",
    created: 1,
    model,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: pieces.join(""),
          ...(reasoning === undefined ? {} : { reasoning_content: reasoning })
        },
        finish_reason: "stop"
      }
    ],
    usage: { prompt_tokens: 7, completion_tokens: pieces.length, total_tokens: 7 + pieces.length }
  })

const modelList = (protocol: Protocol, models: ReadonlyArray<string>) => {
  switch (protocol) {
    case "openai":
      return { object: "list", data: models.map((id) => ({ id, object: "model", created: 1, owned_by: "test" })) }
    case "anthropic":
      return {
        data: models.map((id) => ({ id, type: "model", display_name: id, created_at: "2025-01-01T00:00:00Z" })),
        has_more: false,
        first_id: models[0] ?? null,
        last_id: models.at(-1) ?? null
      }
    case "gemini":
      return {
        models: models.map((id) => ({
          name: `models/${id}`,
          displayName: id,
          supportedGenerationMethods: ["generateContent"]
        }))
      }
  }
}

const isModels = (protocol: Protocol, method: string, path: string) =>
  method === "GET" && (protocol === "gemini" ? path === "/v1beta/models" : path === "/v1/models")

const isChat = (protocol: Protocol, method: string, path: string) =>
  method === "POST" &&
  (protocol === "openai"
    ? path === "/v1/chat/completions"
    : protocol === "anthropic"
      ? path === "/v1/messages"
      : /^\/v1beta\/models\/[^/]+:streamGenerateContent$/.test(path))

const chatModel = (protocol: Protocol, path: string, body: unknown) =>
  protocol === "gemini"
    ? decodeURIComponent(path.slice("/v1beta/models/".length, -":streamGenerateContent".length))
    : String((body as { model?: unknown } | undefined)?.model ?? "")

export const startUpstream = (
  protocol: Protocol,
  models: ReadonlyArray<string> = ["test-model"],
  port = 0
): Promise<Upstream> =>
  new Promise((resolve) => {
    let behaviour: Behaviour = defaultAnswer
    let aborted = 0
    const waiters = new Set<() => void>()
    const sockets = new Set<Socket>()
    const received: Array<Received> = []

    const server = Http.createServer((req, res) => {
      const chunks: Array<Buffer> = []
      req.on("data", (chunk: Buffer) => chunks.push(chunk))
      req.on("end", () => {
        const path = (req.url ?? "/").split("?")[0]!
        const text = Buffer.concat(chunks).toString("utf8")
        const body = text === "" ? undefined : (JSON.parse(text) as unknown)
        received.push({ method: req.method ?? "GET", path, headers: req.headers, body })
        res.on("close", () => {
          if (!res.writableFinished) {
            aborted++
            for (const wake of waiters) wake()
          }
        })
        const method = req.method ?? "GET"
        if (isModels(protocol, method, path)) {
          res.writeHead(200, { "content-type": "application/json" })
          return res.end(JSON.stringify(modelList(protocol, models)))
        }
        if (!isChat(protocol, method, path)) {
          res.writeHead(404, { "content-type": "application/json" })
          return res.end(JSON.stringify({ error: { message: `no route ${method} ${path}` } }))
        }
        const current = behaviour
        // Only OpenAI's protocol has complete answers on the same URL; the others stream on a URL of their own.
        const complete = protocol === "openai" && (body as { stream?: unknown } | undefined)?.stream !== true
        if (complete && current.kind !== "status" && current.kind !== "hang") {
          res.writeHead(200, { "content-type": "application/json" })
          // A complete answer's bytes come when it is done: a stall sends nothing more.
          if (current.kind === "stall") return
          const pieces = current.pieces
          const send = () =>
            res.end(
              completion(
                chatModel(protocol, path, body),
                pieces,
                current.kind === "answer" ? current.reasoning : undefined
              )
            )
          return current.kind === "slow" ? setTimeout(send, current.delayMs * pieces.length) : send()
        }
        switch (current.kind) {
          case "status":
            res.writeHead(current.status, { "content-type": "application/json" })
            return res.end(JSON.stringify(current.body))
          case "hang":
            return
          case "stall": {
            res.writeHead(200, sseHead)
            const [first] = frames(protocol, chatModel(protocol, path, body), [current.first])
            return res.write(first!)
          }
          case "slow": {
            res.writeHead(200, sseHead)
            const pending = frames(protocol, chatModel(protocol, path, body), current.pieces)
            const next = () => {
              if (res.destroyed) return
              const frame = pending.shift()!
              if (pending.length === 0) return res.end(frame)
              res.write(frame)
              setTimeout(next, current.delayMs)
            }
            return next()
          }
          case "answer":
            res.writeHead(200, sseHead)
            return res.end(
              frames(protocol, chatModel(protocol, path, body), current.pieces, current.reasoning).join("")
            )
        }
      })
    })
    server.keepAliveTimeout = 60_000
    server.on("connection", (socket) => {
      sockets.add(socket)
      socket.on("close", () => sockets.delete(socket))
    })
    server.listen(port, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      resolve({
        protocol,
        url: `http://127.0.0.1:${port}`,
        models,
        received,
        behave: (next) => {
          behaviour = next
        },
        aborted: () => aborted,
        waitAborted: (count, timeoutMs = 5000) =>
          new Promise((done, fail) => {
            if (aborted >= count) return done()
            const timer = setTimeout(() => {
              waiters.delete(wake)
              fail(new Error(`upstream saw ${aborted} abandoned responses, expected ${count}`))
            }, timeoutMs)
            const wake = () => {
              if (aborted < count) return
              clearTimeout(timer)
              waiters.delete(wake)
              done()
            }
            waiters.add(wake)
          }),
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy()
            server.close(() => done())
          })
      })
    })
  })
