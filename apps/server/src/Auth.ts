/**
 * The bearer-token guard of `/api/*` and `/v1/*`. Tokens are compared in constant time (as SHA-256 digests, so the
 * comparison does not even leak the token's length), and a refusal never echoes what the client sent.
 */
import { createHash, timingSafeEqual } from "node:crypto"
import type { MiddlewareHandler } from "hono"
import { errorResponse } from "./ErrorResponse"
import type { ErrorStyle } from "./ErrorTable"
import { Unauthenticated } from "./HttpErrors"

const digest = (text: string) => createHash("sha256").update(text, "utf8").digest()

/** `true` when `presented` is `token`, in time independent of where they differ. */
export const tokenMatches = (presented: string, token: string): boolean =>
  timingSafeEqual(digest(presented), digest(token))

/** Lets a request through only with `Authorization: Bearer <token>`. */
export const bearerAuth = (token: string, style: ErrorStyle): MiddlewareHandler => {
  const expected = digest(token)
  return async (c, next) => {
    const header = c.req.header("authorization") ?? ""
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header)
    if (match === null) return errorResponse(c, new Unauthenticated({ presented: header !== "" }), style)
    if (!timingSafeEqual(digest(match[1]!), expected))
      return errorResponse(c, new Unauthenticated({ presented: true }), style)
    await next()
  }
}
