/**
 * The common answers and faults of a `FakeUpstream` route, as handlers: JSON and text answers, a stream of exact
 * bytes or of frames paced like a generating model, the replay of a recorded stream, and the faults real providers
 * produce (a hang before any byte, a stall after the first piece, a slow first byte, a cut mid-stream, an early end,
 * malformed stream data, a missing or wrong key).
 */
import type * as Http from "node:http"
import type { Handler, ReceivedRequest } from "./FakeUpstream"
import { type Framing, frame, readRecorded } from "./Recorded"

/** A JSON answer with a status and extra headers (`Retry-After`, …); a string body is sent as it is. */
export const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  (_request, res) => {
    res.writeHead(status, { "content-type": "application/json", ...headers })
    res.end(typeof body === "string" ? body : JSON.stringify(body))
  }

/** A text answer (`text/plain` unless `content-type` is given). */
export const text =
  (status: number, body: string, headers: Record<string, string> = {}): Handler =>
  (_request, res) => {
    res.writeHead(status, { "content-type": "text/plain", ...headers })
    res.end(body)
  }

export interface StreamOptions {
  /** Write the body in pieces of this many bytes, so decoders meet events split across reads. */
  readonly chunkBytes?: number | undefined
  readonly status?: number | undefined
  readonly headers?: Record<string, string> | undefined
}

const sseHead = { "content-type": "text/event-stream", "cache-control": "no-cache" }

/** A 200 `text/event-stream` answer with exactly these bytes. */
export const sse =
  (body: string, options: StreamOptions = {}): Handler =>
  async (_request, res) => {
    res.writeHead(options.status ?? 200, { ...sseHead, ...options.headers })
    await writePieces(res, Buffer.from(body, "utf8"), options.chunkBytes)
    res.end()
  }

export interface FramesOptions {
  /**
   * Pause after each frame but the last; 0 only yields to the event loop (`setImmediate`), so each frame is its own
   * write. Without it the frames go out back to back.
   */
  readonly delayMs?: number
  /** After frame `index` is written, wait for `until` before going on (a stream held open by a drill). */
  readonly holdAfter?: { readonly index: number; readonly until: (res: Http.ServerResponse) => Promise<void> }
  /** Destroy the socket instead of writing frame `index`: no terminator, like a provider dying mid-answer. */
  readonly cutAt?: number
  readonly headers?: Record<string, string>
}

/** A 200 stream of these frames (each a string written as one piece), paced, held or cut as `options` say. */
export const frames =
  (list: ReadonlyArray<string>, options: FramesOptions = {}): Handler =>
  async (_request, res) => {
    res.writeHead(200, { ...sseHead, ...options.headers })
    const last = list.length - 1
    for (let index = 0; index <= last; index++) {
      if (res.destroyed) return
      if (index === options.cutAt) {
        res.socket?.destroy()
        return
      }
      if (index === last) return void res.end(list[index])
      res.write(list[index])
      if (options.holdAfter?.index === index) await options.holdAfter.until(res)
      if (options.delayMs !== undefined) await pause(options.delayMs)
    }
    res.end()
  }

/** Resolves after `ms`, or on the next turn of the event loop when `ms` is 0. */
export const pause = (ms: number) =>
  new Promise<void>((resolve) => (ms <= 0 ? setImmediate(resolve) : setTimeout(resolve, ms)))

/** Never answers: no status, no byte. The request stays open until the client gives up. */
export const hang: Handler = () => {}

/** Sends the stream's headers and `prefix`, then stays silent forever (a stalled generation, or error body). */
export const stall =
  (prefix = "", headers: Record<string, string> = { "content-type": "text/event-stream" }, status = 200): Handler =>
  (_request, res) => {
    res.writeHead(status, headers)
    res.flushHeaders()
    if (prefix !== "") res.write(prefix)
  }

export interface EndlessOptions {
  readonly headers?: Record<string, string>
  /** Sent once, first (`{"error":{"message":"`, `{"data":[`). */
  readonly opening?: string
  /** Sent again and again after the opening. */
  readonly piece?: string
  /** Ends the body (unfinished as JSON) once this many bytes went out; without it the body never ends. */
  readonly totalBytes?: number
}

/**
 * A hostile upstream's huge or endless body: `status`, the opening, then `piece` over and over as fast as the client
 * reads (never faster: memory stays flat on this side), until `totalBytes` or the client gives up.
 */
export const endless =
  (status: number, options: EndlessOptions = {}): Handler =>
  async (_request, res) => {
    res.writeHead(status, { "content-type": "application/json", ...options.headers })
    const piece = Buffer.from((options.piece ?? "x").repeat(Math.ceil(65_536 / (options.piece ?? "x").length)))
    let sent = 0
    const write = (bytes: Buffer) => {
      sent += bytes.length
      if (res.write(bytes)) return undefined
      return new Promise<void>((resolve) => {
        const go = () => {
          res.off("drain", go).off("close", go)
          resolve()
        }
        res.on("drain", go).on("close", go)
      })
    }
    await write(Buffer.from(options.opening ?? ""))
    while (!res.destroyed && (options.totalBytes === undefined || sent < options.totalBytes)) await write(piece)
    if (!res.destroyed) res.end()
  }

/** Waits `ms` before letting `then` answer (a slow local model loading its weights). */
export const slowFirstByte =
  (ms: number, then: Handler): Handler =>
  async (request, res) => {
    await new Promise((resolve) => setTimeout(resolve, ms))
    if (!res.destroyed) await then(request, res)
  }

/**
 * Sends a 200 answer's headers and `prefix`, then destroys the socket: the body never gets its terminator, exactly
 * like a proxy or server dying mid-answer.
 */
export const cutAfter =
  (prefix: string, headers: Record<string, string> = { "content-type": "text/event-stream" }): Handler =>
  (_request, res) => {
    res.writeHead(200, headers)
    res.write(prefix, () => {
      // Let the bytes leave before the cut, so the client really sees output and then a broken body.
      setTimeout(() => res.socket?.destroy(), 20)
    })
  }

/** A 200 stream whose body ends cleanly but early: no finish, no terminator (a server that just stops). */
export const endEarly =
  (body: string): Handler =>
  (_request, res) => {
    res.writeHead(200, { "content-type": "text/event-stream" })
    res.end(body)
  }

/** A 200 SSE stream whose event data is not JSON, after `before` (well-formed events, possibly empty). */
export const malformed =
  (before = "", garbage = "data: {not json\n\n"): Handler =>
  (request, res) =>
    sse(`${before}${garbage}`)(request, res)

/**
 * Serves a file from `conformance/recorded/` framed as its README prescribes (see `Recorded.frame`): `sse` as is,
 * JSONL per protocol, `json` with its status.
 */
export const replay =
  (file: string, framing: Framing, options: StreamOptions = {}): Handler =>
  async (request, res) => {
    const raw = readRecorded(file)
    if (framing === "json") return json(options.status ?? 200, raw, options.headers)(request, res)
    return sse(frame(raw, framing), options)(request, res)
  }

/** Lets `then` answer when `accepts(request)` holds, else answers with `refusal` (a key check answering 401). */
export const guarded =
  (accepts: (request: ReceivedRequest) => boolean, refusal: Handler, then: Handler): Handler =>
  (request, res) =>
    accepts(request) ? then(request, res) : refusal(request, res)

const writePieces = async (res: Http.ServerResponse, bytes: Buffer, size: number | undefined) => {
  if (size === undefined || size <= 0) {
    res.write(bytes)
    return
  }
  for (let offset = 0; offset < bytes.length; offset += size) {
    if (res.destroyed) return
    const ok = res.write(bytes.subarray(offset, offset + size))
    if (!ok) await new Promise((resolve) => res.once("drain", resolve))
  }
}
