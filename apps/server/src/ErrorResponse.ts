/**
 * Turns a failure into the HTTP answer the error table prescribes. Middleware (auth, body validation) and the
 * Effect runner both answer errors through here, so a 401 from the auth check and a 404 from the core look alike.
 */
import type { Context } from "hono"
import { bodyFor, describe, type ErrorInfo, type ErrorStyle } from "./ErrorTable"

/** The answer to `error`; a 401 also says which scheme to use, as HTTP asks. */
export const errorResponse = (c: Context, error: unknown, style: ErrorStyle) => {
  const info = describe(error)
  if (info.status === 401) c.header("WWW-Authenticate", 'Bearer realm="switchboard"')
  return c.json(bodyFor(style, info), info.status)
}

export type { ErrorInfo }
