/**
 * One structured log line per request: method, path (never the query string, never headers or bodies, so no token or
 * key can end up in a log), status and duration. For a stream the duration is the time to its headers.
 */
import type { MiddlewareHandler } from "hono"
import type { Log } from "./Log"
import { nodeBindings } from "./NodeBindings"

export const requestLog = (log: Log): MiddlewareHandler => {
  let sequence = 0
  return async (c, next) => {
    const started = performance.now()
    const id = (++sequence).toString(36)
    await next()
    // A handler that wrote to Node's response itself (the gateway's relay) left `c.res` a placeholder.
    const outgoing = nodeBindings(c)?.outgoing
    const written = outgoing?.headersSent === true
    const status = written ? outgoing.statusCode : c.res.status
    const type = written ? String(outgoing.getHeader("content-type") ?? "") : c.res.headers.get("content-type")
    log(status >= 500 ? "error" : status >= 400 ? "warn" : "info", "request", {
      id,
      method: c.req.method,
      path: c.req.path,
      status,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      ...(type?.startsWith("text/event-stream") ? { stream: true } : {})
    })
  }
}
