/**
 * One timed chat request, the unit of the latency benchmark: sent with `node:http` over a keep-alive agent (one
 * socket, concurrency 1), timed from just before the request is written to the end of the answer. For a stream it
 * also notes when the first content chunk arrived and how fast the content chunks came after it. Every answer is
 * checked whole, in the format its target answers in (`Target.protocol`): the status, the complete text of a
 * complete answer, and for a stream its end (`[DONE]`, `message_stop`) and the number of content chunks. So a
 * target that fails fast, or drops part of an answer, cannot look fast.
 */
import { type Agent, request } from "node:http"
import { expectedText } from "./Protocols"
import type { Target } from "./Targets"

export interface Timing {
  readonly totalMs: number
  /** Streams only: from the request to the first chunk carrying content. */
  readonly firstChunkMs?: number
  /** Streams only: time from the first content chunk to the last; with `chunks`, the rate the content came at. */
  readonly chunkSpanMs?: number
  readonly chunks?: number
}

/** The request every target gets, in its protocol; Anthropic's Messages requires `max_tokens`. */
export const chatBody = (target: Target, stream: boolean) =>
  JSON.stringify({
    model: target.model,
    ...(target.protocol === "anthropic" ? { max_tokens: 1024 } : {}),
    stream,
    messages: [{ role: "user", content: "Say hello." }]
  })

interface Format {
  /** One content chunk of a stream; the role chunk's empty content and Anthropic's empty block start do not count. */
  readonly chunk: RegExp
  /** What only the end of a whole stream holds. */
  readonly end: string
  /** The field holding the whole text of a complete answer. */
  readonly field: string
}

const formats: Readonly<Record<Target["protocol"], Format>> = {
  openai: { chunk: /"content":"w\d+ "/g, end: "[DONE]", field: "content" },
  anthropic: { chunk: /"text":"w\d+ "/g, end: '"type":"message_stop"', field: "text" }
}

// Longer than a chunk's match and the end marker, so one split across two reads is still seen whole.
const carried = 64

export const exchange = (agent: Agent, target: Target, stream: boolean, expectedChunks: number): Promise<Timing> =>
  new Promise((resolve, reject) => {
    const body = chatBody(target, stream)
    const format = formats[target.protocol]
    const complete = `"${format.field}":"${expectedText(expectedChunks)}"`
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
          if (!stream) {
            text += part
            return
          }
          // Only a short tail is kept between reads (for a chunk or the end split across two): the client's own cost
          // stays flat however long the stream.
          const seen = text + part
          let found = 0
          let after = 0
          for (const match of seen.matchAll(format.chunk)) {
            found++
            after = match.index + match[0].length
          }
          if (found > 0) {
            const now = performance.now()
            firstChunkAt ??= now
            lastChunkAt = now
            chunks += found
          }
          text = seen.slice(Math.max(after, seen.length - carried))
        })
        res.on("end", () => {
          const totalMs = performance.now() - started
          if (res.statusCode !== 200)
            return reject(new Error(`${target.name}: status ${res.statusCode} ${text.slice(0, 300)}`))
          if (!stream) {
            if (!text.includes(complete))
              return reject(new Error(`${target.name}: incomplete answer ${text.slice(0, 300)}`))
            return resolve({ totalMs })
          }
          if (!text.includes(format.end) || chunks !== expectedChunks || firstChunkAt === undefined)
            return reject(new Error(`${target.name}: stream ended after ${chunks} of ${expectedChunks} chunks`))
          resolve({ totalMs, firstChunkMs: firstChunkAt - started, chunkSpanMs: lastChunkAt - firstChunkAt, chunks })
        })
        res.on("error", reject)
      }
    )
    req.on("error", reject)
    req.end(body)
  })
