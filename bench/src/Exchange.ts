/**
 * One timed chat request, the unit of the latency benchmark: sent with `node:http` over a keep-alive agent (one
 * socket, concurrency 1), timed from just before the request is written to the end of the answer. For a stream it
 * also notes when the first content chunk arrived and how fast the content chunks came after it. Every answer is
 * checked (status, and for a stream the `[DONE]` and the number of content chunks), so a target that fails fast
 * cannot look fast.
 */
import { type Agent, request } from "node:http"
import type { Target } from "./Targets"

export interface Timing {
  readonly totalMs: number
  /** Streams only: from the request to the first chunk carrying content. */
  readonly firstChunkMs?: number
  /** Streams only: time from the first content chunk to the last; with `chunks`, the rate the content came at. */
  readonly chunkSpanMs?: number
  readonly chunks?: number
}

export const chatBody = (target: Target, stream: boolean) =>
  JSON.stringify({ model: target.model, stream, messages: [{ role: "user", content: "Say hello." }] })

// A content delta as every target writes it (`"content":"w12 "`); the role chunk's empty content does not count.
const contentChunk = /"content":"w\d+ "/g

export const exchange = (agent: Agent, target: Target, stream: boolean, expectedChunks: number): Promise<Timing> =>
  new Promise((resolve, reject) => {
    const body = chatBody(target, stream)
    const started = performance.now()
    let firstChunkAt: number | undefined
    let lastChunkAt = 0
    let chunks = 0
    let text = ""
    const req = request(
      {
        agent,
        host: "127.0.0.1",
        port: target.port,
        method: "POST",
        path: target.path,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...target.headers }
      },
      (res) => {
        res.setEncoding("utf8")
        res.on("data", (part: string) => {
          if (stream) {
            const found = part.match(contentChunk)?.length ?? 0
            if (found > 0) {
              const now = performance.now()
              firstChunkAt ??= now
              lastChunkAt = now
              chunks += found
            }
            // Only the tail matters for `[DONE]`; keeping it short keeps the client's own cost flat.
            text = (text + part).slice(-64)
          } else text += part
        })
        res.on("end", () => {
          const totalMs = performance.now() - started
          if (res.statusCode !== 200)
            return reject(new Error(`${target.name}: status ${res.statusCode} ${text.slice(0, 200)}`))
          if (!stream) {
            if (!text.includes(`w${expectedChunks - 1} `)) return reject(new Error(`${target.name}: incomplete answer`))
            return resolve({ totalMs })
          }
          if (!text.includes("[DONE]") || chunks !== expectedChunks || firstChunkAt === undefined)
            return reject(new Error(`${target.name}: stream ended after ${chunks} of ${expectedChunks} chunks`))
          resolve({ totalMs, firstChunkMs: firstChunkAt - started, chunkSpanMs: lastChunkAt - firstChunkAt, chunks })
        })
        res.on("error", reject)
      }
    )
    req.on("error", reject)
    req.end(body)
  })
