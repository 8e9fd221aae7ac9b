/**
 * The floor of any Node gateway hop: a pass-through proxy with `node:http` and a keep-alive agent that does the least
 * a gateway must — read and parse the body, rewrite `model` (`bench/fast-model` → `fast-model`), forward it with the
 * credential and Anthropic's version headers, pipe the answer back unchanged. No validation, no logging, no auth.
 * Whatever Switchboard costs above this is its own.
 */
import { Agent, createServer, type IncomingHttpHeaders, request } from "node:http"
import type { AddressInfo } from "node:net"

export interface BareProxy {
  readonly port: number
  readonly close: () => Promise<void>
}

/** The headers a chat needs upstream: the credential (OpenAI's or Anthropic's) and Anthropic's version and betas. */
const forwarded = ["authorization", "x-api-key", "anthropic-version", "anthropic-beta"] as const

const passedOn = (headers: IncomingHttpHeaders): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const name of forwarded) {
    const value = headers[name]
    if (typeof value === "string") out[name] = value
  }
  return out
}

export const startBareProxy = (upstreamPort: number, port = 0): Promise<BareProxy> => {
  const agent = new Agent({ keepAlive: true })
  const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    const parts: Array<Buffer> = []
    req.on("data", (part: Buffer) => parts.push(part))
    req.on("end", () => {
      let body: Record<string, unknown>
      try {
        body = JSON.parse(Buffer.concat(parts).toString("utf8")) as Record<string, unknown>
      } catch {
        res.writeHead(400, { "content-type": "application/json" }).end('{"error":{"message":"malformed JSON"}}')
        return
      }
      if (typeof body.model === "string") body.model = body.model.slice(body.model.indexOf("/") + 1)
      const payload = JSON.stringify(body)
      const out = request(
        {
          agent,
          host: "127.0.0.1",
          port: upstreamPort,
          method: req.method,
          path: req.url,
          headers: {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(payload),
            ...passedOn(req.headers)
          }
        },
        (upstream) => {
          res.writeHead(upstream.statusCode ?? 502, upstream.headers)
          upstream.pipe(res)
        }
      )
      out.on("error", () => res.destroy())
      // A client that leaves aborts the upstream request too.
      res.on("close", () => {
        if (!res.writableFinished) out.destroy()
      })
      out.end(payload)
    })
  })
  return new Promise((resolve, reject) => {
    server.once("error", reject)
    server.listen(port, "127.0.0.1", () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            agent.destroy()
            server.closeAllConnections()
            server.close(() => done())
          })
      })
    })
  })
}
