/**
 * Turns a failure into the HTTP answer the error table prescribes. Middleware (auth, body validation) and the
 * Effect runner both answer errors through here, so a 401 from the auth check and a 404 from the core look alike.
 */
import type { Context } from "hono"
import { bodyFor, describe, type ErrorInfo, type ErrorStyle } from "./ErrorTable"

/**
 * The answer to `error`; a 401 also says which scheme to use, as HTTP asks. A 413 is sent before the rest of the
 * body was read, so it closes the connection: a client still writing the body then reads the 413 instead of meeting
 * a reset on a connection it thought would stay open.
 */
export const errorResponse = (c: Context, error: unknown, style: ErrorStyle) => {
  const info = describe(error)
  if (info.status === 401) c.header("WWW-Authenticate", 'Bearer realm="switchboard"')
  if (info.status === 413) c.header("Connection", "close")
  return c.json(bodyFor(style, info), info.status)
}

export type { ErrorInfo }
