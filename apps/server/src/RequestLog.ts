/**
 * One structured log line per request: method, path (never the query string, never headers or bodies, and a segment
 * that looks like a key only as an excerpt, so no token or key can end up in a log), status and duration. For a stream the duration is the time to its headers. The app logs
 * through the middleware; a Node listener that answers without the app (the gateway's lane) through `logRequest`.
 */
import { quotedPath } from "@switchboard/core/domain/Excerpt"
import type { MiddlewareHandler } from "hono"
import type { Log } from "./Log"

export interface RequestRecord {
  readonly method: string
  readonly path: string
  readonly status: number
  /** `performance.now()` when the request arrived. */
  readonly startedAt: number
  readonly contentType: string | null | undefined
}

/** Request ids count the process's requests, whichever way they were answered. */
let sequence = 0

export const logRequest = (log: Log, record: RequestRecord): void => {
  const { status } = record
  log(status >= 500 ? "error" : status >= 400 ? "warn" : "info", "request", {
    id: (++sequence).toString(36),
    method: record.method,
    path: quotedPath(record.path),
    status,
    durationMs: Math.round((performance.now() - record.startedAt) * 100) / 100,
    ...(record.contentType?.startsWith("text/event-stream") ? { stream: true } : {})
  })
}

export const requestLog =
  (log: Log): MiddlewareHandler =>
  async (c, next) => {
    const startedAt = performance.now()
    await next()
    logRequest(log, {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      startedAt,
      contentType: c.res.headers.get("content-type")
    })
  }
