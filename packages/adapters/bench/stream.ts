/**
 * Where an adapter's time goes for one streamed chat, against a `node:http` upstream on 127.0.0.1 that answers at once
 * with the frames a Chat Completions server sends: a bare keep-alive `node:http` request (the floor), the Effect HTTP
 * client reading the body, the adapter's whole `streamChat`, building the upstream request alone, and the adapter's
 * reading alone (SSE, JSON and mapping of a body already in memory). Also counts the upstream connections each path opened: a client that cannot
 * reuse its connection pays a TCP handshake per request.
 *
 *   npx tsx packages/adapters/bench/stream.ts [runs=500]
 */
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { HttpClient, HttpClientRequest, type HttpClientResponse } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import type { ChatEvent } from "@switchboard/core/domain/ChatEvent"
import { ChatRequest, textMessage } from "@switchboard/core/domain/ChatRequest"
import { Effect, ManagedRuntime, Option, Stream } from "effect"
import { benchProvider } from "../../core/bench/benchProvider"
import { drain, measure } from "../../core/bench/measure"
import * as OpenAiAdapter from "../src/openai/OpenAiAdapter"
import { chatRequest as anthropicRequest } from "../src/anthropic/AnthropicRequest"
import { readAnswer } from "../src/internal/Answer"
import { chatBody } from "../src/openai/ChatCompletionRequest"
import { chatCompletionAnswer } from "../src/openai/ChatCompletionStream"

const runs = Number(process.argv[2] ?? 500)

const chunk = (delta: unknown, finish: string | null) =>
  `data: ${JSON.stringify({ id: "chatcmpl-up", object: "chat.completion.chunk", created: 1, model: "gpt2", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`
const frames = [
  ...["Hello", " from", " a", " fast", " upstream"].map((text, i) =>
    chunk(i === 0 ? { role: "assistant", content: text } : { content: text }, null)
  ),
  chunk({}, "stop"),
  `data: ${JSON.stringify({ id: "chatcmpl-up", object: "chat.completion.chunk", created: 1, model: "gpt2", choices: [], usage: { prompt_tokens: 7, completion_tokens: 5, total_tokens: 12 } })}\n\n`,
  "data: [DONE]\n\n"
]
const body = Buffer.from(frames.join(""))

const main = async () => {
  let connections = 0
  const server = Http.createServer((req, res) => {
    req.resume()
    req.on("end", () => {
      res.writeHead(200, { "content-type": "text/event-stream" })
      for (const frame of frames.slice(0, -1)) res.write(frame)
      res.end(frames.at(-1))
    })
  })
  server.on("connection", () => connections++)
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  const counted = async (name: string, run: () => Promise<unknown>) => {
    const before = connections
    const result = await measure(name, run, { runs })
    if (result !== undefined) console.log(`${"".padEnd(58)} ${connections - before} connections opened`)
  }

  const agent = new Http.Agent({ keepAlive: true, maxSockets: 1 })
  const payload = JSON.stringify({ model: "gpt2", messages: [{ role: "user", content: "Say hello" }], stream: true })
  await counted(
    "node:http keep-alive request, body read",
    () =>
      new Promise((resolve, reject) => {
        const req = Http.request(
          `${url}/v1/chat/completions`,
          { method: "POST", agent, headers: { "content-type": "application/json" } },
          (res) => {
            res.on("data", () => {})
            res.on("end", resolve)
          }
        )
        req.on("error", reject)
        req.end(payload)
      })
  )

  const runtime = ManagedRuntime.make(NodeHttpClient.layerUndici)
  const client = await runtime.runPromise(HttpClient.HttpClient)
  const request = HttpClientRequest.post(`${url}/v1/chat/completions`).pipe(
    HttpClientRequest.bodyUnsafeJson(JSON.parse(payload))
  )
  await counted("Effect HttpClient (undici), body streamed", () =>
    runtime.runPromise(Effect.flatMap(client.execute(request), (response) => drain(response.stream)))
  )

  const adapter = await runtime.runPromise(OpenAiAdapter.make)
  const provider = benchProvider({ baseUrl: url, models: [] })
  const chat = new ChatRequest({ model: "gpt2", messages: [textMessage("user", "Say hello")] })
  const target = { provider, apiKey: Option.none() }
  await counted("OpenAiAdapter.streamChat", () => runtime.runPromise(drain(adapter.streamChat(target, chat))))

  const anthropic = benchProvider({ baseUrl: url, type: "anthropic" })
  await measure(
    "request build: Chat Completions body and request",
    async () =>
      HttpClientRequest.post(`${url}/v1/chat/completions`).pipe(
        HttpClientRequest.setHeaders({ accept: "text/event-stream" }),
        HttpClientRequest.bodyUnsafeJson(chatBody(chat, { modelInBody: true }))
      ),
    { runs: runs * 10 }
  )
  await measure(
    "request build: Anthropic (URL, headers, body)",
    async () => anthropicRequest({ provider: anthropic, apiKey: Option.none() }, chat),
    { runs: runs * 10 }
  )

  const ctx = { url, key: Option.none(), secrets: [] }
  const text = body.toString("utf8")
  await measure(
    "reader alone: SSE, JSON and mapping of the body's text",
    async () => {
      const reader = chatCompletionAnswer.stream(ctx, 200)
      const out: Array<ChatEvent> = []
      reader.push(text, out)
      reader.end(out)
    },
    { runs: runs * 10 }
  )
  // Only what `readAnswer` reads of a response: its status, content type and body.
  const inMemory = {
    status: 200,
    headers: { "content-type": "text/event-stream" },
    stream: Stream.make(new Uint8Array(body))
  } as unknown as HttpClientResponse.HttpClientResponse
  await measure(
    "readAnswer: the body (in memory) to drained events",
    () => runtime.runPromise(drain(readAnswer(inMemory, ctx, chatCompletionAnswer))),
    { runs }
  )

  await runtime.dispose()
  agent.destroy()
  server.close()
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
