/**
 * The bearer-token guard of `/api/*` and `/v1/*`. Tokens are compared in constant time (as SHA-256 digests, so the
 * comparison does not even leak the token's length), and a refusal never echoes what the client sent. The gateway
 * also takes the token as `x-api-key`, the header Anthropic's SDKs send their key in.
 */
import * as Crypto from "node:crypto"
import type { MiddlewareHandler } from "hono"
import { errorResponse } from "./ErrorResponse"
import type { ErrorStyle } from "./ErrorTable"
import { Unauthenticated } from "./HttpErrors"

/**
 * SHA-256 of `text`. Every gateway request is checked, and the one-shot `crypto.hash` (Node 20.12 and later) costs a
 * third of a `createHash` object's ~20 µs; older Node 20 releases get the object.
 */
const digest: (text: string) => Buffer =
  typeof Crypto.hash === "function"
    ? (text) => Crypto.hash("sha256", text, "buffer")
    : (text) => Crypto.createHash("sha256").update(text, "utf8").digest()

/** `true` when `presented` is `token`, in time independent of where they differ. */
export const tokenMatches = (presented: string, token: string): boolean =>
  Crypto.timingSafeEqual(digest(presented), digest(token))

/**
 * Checks a request's credentials against `token`: `undefined` when `Authorization` is `Bearer <token>` or, without an
 * `Authorization` header, when `apiKey` (`x-api-key`, where it is taken) is the token; else the refusal.
 */
export const tokenCheck = (token: string) => {
  const expected = digest(token)
  const matches = (presented: string) =>
    Crypto.timingSafeEqual(digest(presented), expected) ? undefined : new Unauthenticated({ presented: true })
  return (header: string | undefined, apiKey?: string | undefined): Unauthenticated | undefined => {
    if ((header ?? "") === "" && apiKey !== undefined && apiKey !== "") return matches(apiKey)
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? "")
    if (match === null) return new Unauthenticated({ presented: (header ?? "") !== "" })
    return matches(match[1]!)
  }
}

/**
 * Lets a request through only with `Authorization: Bearer <token>` (or, with `apiKeyHeader`, `x-api-key: <token>`);
 * a refusal is written in the style of the path asked for.
 */
export const bearerAuth = (
  token: string,
  style: (path: string) => ErrorStyle,
  options: { readonly apiKeyHeader?: boolean } = {}
): MiddlewareHandler => {
  const check = tokenCheck(token)
  return async (c, next) => {
    const apiKey = options.apiKeyHeader === true ? c.req.header("x-api-key") : undefined
    const refused = check(c.req.header("authorization"), apiKey)
    if (refused !== undefined) return errorResponse(c, refused, style(c.req.path))
    await next()
  }
}
