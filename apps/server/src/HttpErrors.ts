/**
 * Failures that belong to HTTP itself rather than to the core: a missing token, a body that is too big, not JSON,
 * or of the wrong content type, a path that names no route. They go through the same error table as the core's
 * errors (`ErrorTable.ts`), so every failure a client sees has one shape.
 */
import { excerpt, quotedPath } from "@switchboard/core/domain/Excerpt"
import { Data } from "effect"

/** No bearer token, or the wrong one. */
export class Unauthenticated extends Data.TaggedError("Unauthenticated")<{ readonly presented: boolean }> {
  override get message() {
    return this.presented
      ? "The bearer token is not valid. Use the token the server printed at start (or SWITCHBOARD_TOKEN)."
      : "This endpoint needs a bearer token: send `Authorization: Bearer <token>` with the token the server printed at start."
  }
}

/** The body is larger than the endpoint accepts; nothing was read past the limit. */
export class PayloadTooLarge extends Data.TaggedError("PayloadTooLarge")<{ readonly maxBytes: number }> {
  override get message() {
    return `The request body is larger than ${this.maxBytes} bytes. Send a smaller body.`
  }
}

/** A body that is not JSON by its declared content type. */
export class UnsupportedMediaType extends Data.TaggedError("UnsupportedMediaType")<{ readonly received: string }> {
  override get message() {
    const got = this.received === "" ? "no content type" : `"${this.received}"`
    return `The body must be JSON: send \`Content-Type: application/json\` (got ${got}).`
  }
}

/** A JSON content type whose body does not parse. */
export class MalformedJson extends Data.TaggedError("MalformedJson")<{ readonly detail: string }> {
  override get message() {
    return `The request body is not valid JSON (${this.detail}). Check quoting and commas.`
  }
}

/** A JSON body that nests arrays and objects deeper than the server reads (`JsonDepth.ts`). */
export class NestedTooDeep extends Data.TaggedError("NestedTooDeep")<{ readonly maxDepth: number }> {
  override get message() {
    return `The request body nests arrays and objects more than ${this.maxDepth} levels deep. Send flatter JSON.`
  }
}

/** A path or method no route serves. */
export class RouteNotFound extends Data.TaggedError("RouteNotFound")<{
  readonly method: string
  readonly path: string
}> {
  override get message() {
    return `No endpoint ${excerpt(this.method)} ${quotedPath(this.path)}. See /docs for the API.`
  }
}

/** A stream the server ended because it is shutting down. */
export class ShuttingDown extends Data.TaggedError("ShuttingDown")<{}> {
  override get message() {
    return "The server is shutting down; retry in a moment."
  }
}

export type HttpError =
  | Unauthenticated
  | PayloadTooLarge
  | UnsupportedMediaType
  | MalformedJson
  | NestedTooDeep
  | RouteNotFound
  | ShuttingDown
