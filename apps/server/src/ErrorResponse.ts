/**
 * Turns a failure into the HTTP answer the error table prescribes. Middleware (auth, body validation) and the
 * Effect runner both answer errors through here, so a 401 from the auth check and a 404 from the core look alike.
 */
import type { Context } from "hono"
import { bodyFor, describe, type ErrorInfo, type ErrorStyle, errorHeaders } from "./ErrorTable"

/**
 * The answer to `error`, with the table's headers (`errorHeaders`: retry advice, the auth scheme). A 413 is sent
 * before the rest of the body was read, so it closes the connection: a client still writing the body then reads the
 * 413 instead of meeting a reset on a connection it thought would stay open.
 */
export const errorResponse = (c: Context, error: unknown, style: ErrorStyle) => {
  const info = describe(error)
  for (const [name, value] of Object.entries(errorHeaders(info))) c.header(name, value)
  if (info.status === 413) c.header("Connection", "close")
  return c.json(bodyFor(style, info), info.status)
}

export type { ErrorInfo }
