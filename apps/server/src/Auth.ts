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

/** Checks an `Authorization` header against `token`: `undefined` when it is `Bearer <token>`, else the refusal. */
export const tokenCheck = (token: string) => {
  const expected = digest(token)
  return (header: string | undefined): Unauthenticated | undefined => {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? "")
    if (match === null) return new Unauthenticated({ presented: (header ?? "") !== "" })
    return timingSafeEqual(digest(match[1]!), expected) ? undefined : new Unauthenticated({ presented: true })
  }
}

/** Lets a request through only with `Authorization: Bearer <token>`. */
export const bearerAuth = (token: string, style: ErrorStyle): MiddlewareHandler => {
  const check = tokenCheck(token)
  return async (c, next) => {
    const refused = check(c.req.header("authorization"))
    if (refused !== undefined) return errorResponse(c, refused, style)
    await next()
  }
}
