/**
 * A vLLM-style OpenAI-compatible upstream for the end-to-end tests: node:http on 127.0.0.1, no key, answering
 * `GET /v1/models` and streaming `POST /v1/chat/completions`. A prompt containing "slow" streams for a long time, so
 * a test can stop it; every stream the client closed before its end is counted in `closedEarly`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"

export const upstreamModels = ["gpt2", "Qwen/Qwen2.5-0.5B-Instruct", "meta-llama/Llama-3.2-1B-Instruct"]
export const answerText = 'Hello from the **test upstream**.\n\n```python\nprint("hi")\n```\n'

export interface Upstream {
  readonly url: string
  /** Streams the client closed before the answer ended. */
  readonly closedEarly: () => number
  readonly requests: ReadonlyArray<{ method: string; path: string; authorization: string | undefined }>
  readonly close: () => Promise<void>
}

const readBody = async (req: IncomingMessage): Promise<unknown> => {
  const chunks: Array<Buffer> = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const text = Buffer.concat(chunks).toString("utf8")
  return text === "" ? undefined : JSON.parse(text)
}

const chunk = (model: string, delta: object, finish: string | null = null) =>
  `data: ${JSON.stringify({
    id: "chatcmpl-test",
    object: "chat.completion.chunk",
    created: 1,
    model,
    choices: [{ index: 0, delta, finish_reason: finish }]
  })}\n\n`

export const startUpstream = async (): Promise<Upstream> => {
  let closedEarly = 0
  const requests: Array<{ method: string; path: string; authorization: string | undefined }> = []
  const timers = new Set<NodeJS.Timeout>()

  const chat = async (req: IncomingMessage, res: ServerResponse) => {
    const body = (await readBody(req)) as { model: string; stream?: boolean; messages: Array<{ content: string }> }
    const prompt = body.messages.at(-1)?.content ?? ""
    if (!body.stream) {
      res.writeHead(200, { "content-type": "application/json" })
      res.end(
        JSON.stringify({
          id: "chatcmpl-test",
          object: "chat.completion",
          model: body.model,
          choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
          usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 }
        })
      )
      return
    }
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" })
    res.on("close", () => {
      if (!res.writableEnded) closedEarly++
    })
    res.write(chunk(body.model, { role: "assistant", content: "" }))
    const pieces = prompt.includes("slow")
      ? Array.from({ length: 600 }, (_, i) => `word${i} `)
      : (answerText.match(/.{1,6}/gs) ?? [])
    let index = 0
    const tick = () => {
      if (res.destroyed) return
      const piece = pieces[index++]
      if (piece === undefined) {
        res.write(chunk(body.model, {}, "stop"))
        res.write(
          `data: ${JSON.stringify({ id: "chatcmpl-test", object: "chat.completion.chunk", model: body.model, choices: [], usage: { prompt_tokens: 11, completion_tokens: pieces.length, total_tokens: 11 + pieces.length } })}\n\n`
        )
        res.end("data: [DONE]\n\n")
        return
      }
      res.write(chunk(body.model, { content: piece }))
      const timer = setTimeout(tick, prompt.includes("slow") ? 100 : 15)
      timers.add(timer)
    }
    tick()
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname
    requests.push({ method: req.method ?? "GET", path, authorization: req.headers.authorization })
    if (req.method === "GET" && path === "/v1/models") {
      res.writeHead(200, { "content-type": "application/json" })
      res.end(
        JSON.stringify({
          object: "list",
          data: upstreamModels.map((id) => ({ id, object: "model", created: 1, owned_by: "vllm", max_model_len: 4096 }))
        })
      )
      return
    }
    if (req.method === "POST" && path === "/v1/chat/completions") {
      chat(req, res).catch(() => res.destroy())
      return
    }
    res.writeHead(404, { "content-type": "application/json" })
    res.end(JSON.stringify({ object: "error", message: `no route ${req.method} ${path}`, code: 404 }))
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    closedEarly: () => closedEarly,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer)
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
