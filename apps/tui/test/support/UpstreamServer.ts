/**
 * A vLLM-style OpenAI-compatible server on 127.0.0.1 for the TUI's tests: `GET /v1/models` and a streamed
 * `POST /v1/chat/completions` answering with the configured pieces. It records what it was asked and whether a
 * client hung up before an answer ended, so tests can prove that cancelling stops the upstream request.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"

export interface UpstreamOptions {
  /** Model ids `/v1/models` lists. */
  readonly models?: ReadonlyArray<string>
  /** The answer, in the pieces the stream sends. */
  readonly answer?: ReadonlyArray<string>
  /** Pause before each piece. */
  readonly delayMs?: number
  /** Stop after the first piece and keep the connection open until the client goes away. */
  readonly hang?: boolean
  /** When set, requests without `Authorization: Bearer <key>` get a 401. */
  readonly key?: string
  /** `/v1/models` never answers (a stuck server). */
  readonly hangModels?: boolean
}

export interface ChatCall {
  readonly model: string
  readonly messages: ReadonlyArray<{ readonly role: string; readonly content: string }>
}

export interface Upstream {
  readonly url: string
  readonly chats: ReadonlyArray<ChatCall>
  /** Streams whose client disconnected before the answer ended. */
  readonly abandoned: () => number
  readonly set: (options: UpstreamOptions) => void
  readonly close: () => Promise<void>
}

const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({
    id: "chatcmpl-1",
    object: "chat.completion.chunk",
    created: 1,
    model: "m",
    choices: [{ index: 0, delta, finish_reason: finish }]
  })}\n\n`

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = ""
    req.on("data", (data: Buffer) => {
      body += data.toString()
    })
    req.on("end", () => resolve(body))
  })

export const startUpstream = async (initial: UpstreamOptions = {}): Promise<Upstream> => {
  let options = initial
  const chats: Array<ChatCall> = []
  let abandoned = 0

  const unauthorized = (req: IncomingMessage, res: ServerResponse) => {
    if (options.key === undefined || req.headers.authorization === `Bearer ${options.key}`) return false
    res.writeHead(401, { "content-type": "application/json" })
    res.end(JSON.stringify({ error: { message: "Incorrect API key provided", type: "invalid_request_error" } }))
    return true
  }

  const stream = async (req: IncomingMessage, res: ServerResponse) => {
    const call = JSON.parse(await readBody(req)) as ChatCall
    chats.push(call)
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" })
    let open = true
    res.on("close", () => {
      if (!res.writableEnded) abandoned++
      open = false
    })
    const pieces = options.answer ?? ["Hello", " from", " the", " test", " server."]
    res.write(chunk({ role: "assistant", content: "" }))
    for (const [i, piece] of pieces.entries()) {
      if (options.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, options.delayMs))
      if (!open) return
      res.write(chunk({ content: piece }))
      if (options.hang === true && i === 0) return
    }
    res.write(chunk({}, "stop"))
    res.write(
      `data: ${JSON.stringify({
        id: "chatcmpl-1",
        object: "chat.completion.chunk",
        choices: [],
        usage: { prompt_tokens: 12, completion_tokens: pieces.length, total_tokens: 12 + pieces.length }
      })}\n\n`
    )
    res.end("data: [DONE]\n\n")
  }

  const server = createServer((req, res) => {
    if (unauthorized(req, res)) return
    if (req.method === "GET" && req.url === "/v1/models") {
      if (options.hangModels === true) return
      res.writeHead(200, { "content-type": "application/json" })
      res.end(
        JSON.stringify({
          object: "list",
          data: (options.models ?? ["gpt2"]).map((id) => ({
            id,
            object: "model",
            owned_by: "vllm",
            max_model_len: 1024
          }))
        })
      )
      return
    }
    if (req.method === "POST" && req.url === "/v1/chat/completions") {
      void stream(req, res)
      return
    }
    res.writeHead(404, { "content-type": "application/json" })
    res.end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }))
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    chats,
    abandoned: () => abandoned,
    set: (next) => {
      options = next
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
