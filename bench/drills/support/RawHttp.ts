/**
 * Requests exactly as given: the path is sent byte for byte (no URL normalisation folds `..` or decodes `%2F`, as
 * `fetch` would), and the body and content type can be anything, or absent. The bad-input drill needs both to reach
 * the server's own parsing.
 */
import { request } from "node:http"

export interface RawRequest {
  readonly method: string
  readonly path: string
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: string | Buffer
}

export interface RawAnswer {
  readonly status: number
  readonly text: string
}

/**
 * Each request on its own connection: a server may close one early (a 413 sent before the body was read), and a
 * pooled connection reused right after that would fail the next request for a reason that is not the server's.
 */
export const sendRaw = (port: number, raw: RawRequest, timeoutMs = 15_000): Promise<RawAnswer> =>
  new Promise((resolve, reject) => {
    let answered: RawAnswer | undefined
    const req = request(
      {
        agent: false,
        host: "127.0.0.1",
        port,
        method: raw.method,
        path: raw.path,
        headers: {
          // A chunked body declares no length: the server must stop reading at its limit by itself.
          ...(raw.body === undefined || raw.headers?.["transfer-encoding"] !== undefined
            ? {}
            : { "content-length": Buffer.byteLength(raw.body) }),
          ...raw.headers
        }
      },
      (res) => {
        const parts: Array<Buffer> = []
        res.on("data", (part: Buffer) => parts.push(part))
        res.on("end", () => {
          answered = { status: res.statusCode ?? 0, text: Buffer.concat(parts).toString("utf8") }
          resolve(answered)
        })
        res.on("error", reject)
      }
    )
    req.setTimeout(timeoutMs, () =>
      req.destroy(new Error(`no answer to ${raw.method} ${raw.path.slice(0, 80)} in ${timeoutMs} ms`))
    )
    // Writing the rest of a body the server already refused fails (EPIPE); its answer is what counts.
    req.on("error", (error) => (answered === undefined ? reject(error) : resolve(answered)))
    req.end(raw.body)
  })

/**
 * Posts a `size`-byte JSON body in 64 KiB pieces and stops sending as soon as the server answers. With a declared
 * length it first waits a moment for an answer to the headers alone (a server that checks the declared length
 * refuses right away, and a body sent into a closing connection is reset, taking the answer with it); chunked, it
 * sends until the server answers. Resolves with the status, or 0 if the connection was reset before any answer.
 */
export const sendLarge = (
  port: number,
  path: string,
  headers: Readonly<Record<string, string>>,
  size: number,
  declared: boolean
): Promise<number> =>
  new Promise((resolve) => {
    let status = 0
    const req = request({
      agent: false,
      host: "127.0.0.1",
      port,
      method: "POST",
      path,
      headers: { ...headers, ...(declared ? { "content-length": String(size) } : { "transfer-encoding": "chunked" }) }
    })
    req.on("response", (res) => {
      status = res.statusCode ?? 0
      res.resume()
      res.on("end", () => resolve(status))
    })
    req.on("error", () => resolve(status))
    const piece = Buffer.alloc(64 * 1024, "y")
    const opening = Buffer.from('{"model":"sentinel/fast-model","messages":[{"role":"user","content":"')
    let sent = 0
    const pump = () => {
      while (status === 0 && sent < size) {
        const chunk = sent === 0 ? opening : piece.subarray(0, Math.min(piece.length, size - sent))
        sent += chunk.length
        if (!req.write(chunk)) return void req.once("drain", pump)
      }
      if (status === 0) req.end()
    }
    req.flushHeaders()
    if (declared) setTimeout(pump, 300)
    else pump()
  })
