/**
 * Chat Completions error objects → reasons: the status decides for non-2xx answers except where a generic 400 names
 * something more specific, and inside a 200 stream the object's own `type`/`code` decide.
 */
import { describe, expect, it } from "@effect/vitest"
import { Option } from "effect"
import { reasonForStreamError, refineStatus, streamError } from "../../src/openai/OpenAiError"

const body = (error: object) => JSON.stringify({ error })

describe("refineStatus", () => {
  it.each([
    [401, body({ type: "invalid_request_error", code: "invalid_api_key" }), "Authentication"],
    [404, body({ code: "model_not_found" }), "NotFound"],
    [429, body({ code: "insufficient_quota" }), "RateLimit"],
    [500, "oops", "Upstream"],
    [400, body({ type: "invalid_request_error", code: "model_not_found", message: "no such model" }), "NotFound"],
    [400, body({ type: "invalid_request_error", code: "invalid_api_key" }), "Authentication"],
    [
      400,
      body({ type: "invalid_request_error", code: "unsupported_parameter", param: "max_tokens" }),
      "InvalidRequest"
    ],
    [400, body({ code: "content_filter", innererror: { code: "ResponsibleAIPolicyViolation" } }), "InvalidRequest"],
    [400, "not json", "InvalidRequest"]
  ] as const)("%i %s → %s", (status, text, reason) => {
    expect(refineStatus(status, text).reason).toBe(reason)
  })

  it("keeps the body's own code, type and param, whatever the status", () => {
    const tooLong = body({
      type: "invalid_request_error",
      code: "context_length_exceeded",
      param: "messages",
      message: "This model's maximum context length is 8192 tokens."
    })
    expect(refineStatus(400, tooLong)).toEqual({
      reason: "InvalidRequest",
      code: "context_length_exceeded",
      type: "invalid_request_error",
      param: "messages"
    })
    expect(refineStatus(429, body({ type: "tokens", code: "rate_limit_exceeded" }))).toMatchObject({
      reason: "RateLimit",
      code: "rate_limit_exceeded",
      type: "tokens"
    })
    // vLLM's numeric code is the status again: not a word.
    expect(refineStatus(400, body({ type: "BadRequestError", code: 400 })).code).toBeUndefined()
    expect(refineStatus(500, "oops")).toEqual({ reason: "Upstream" })
  })
})

describe("reasonForStreamError", () => {
  it.each([
    [{ type: "server_error" }, "Upstream"],
    [{ type: "tokens", code: "rate_limit_exceeded" }, "RateLimit"],
    [{ type: "invalid_request_error", code: "invalid_api_key" }, "Authentication"],
    [{ code: "content_filter", innererror: { code: "ResponsibleAIPolicyViolation" } }, "InvalidRequest"],
    [{ type: "BadRequestError", code: 400 }, "InvalidRequest"],
    [{ type: "NotFoundError", code: 404 }, "NotFound"],
    [{ code: 503 }, "Upstream"],
    [{ message: "something odd" }, "Upstream"]
  ] as const)("%j → %s", (error, reason) => {
    expect(reasonForStreamError(error)).toBe(reason)
  })
})

describe("streamError", () => {
  const ctx = { url: "http://127.0.0.1:1/v1/chat/completions", key: Option.none(), secrets: [] }
  it("keeps the upstream's message, takes a numeric code as the status, and reads a bare string error", () => {
    expect(streamError({ message: "boom", type: "server_error" }, ctx)).toMatchObject({
      reason: "Upstream",
      detail: "boom"
    })
    expect(streamError({ message: "nope", code: 404 }, ctx)).toMatchObject({ reason: "NotFound", status: 404 })
    expect(streamError("model crashed", ctx)).toMatchObject({ reason: "Upstream", detail: "model crashed" })
    expect(streamError({ message: "slow", type: "tokens", code: "rate_limit_exceeded" }, ctx)).toMatchObject({
      reason: "RateLimit",
      code: "rate_limit_exceeded",
      type: "tokens"
    })
  })
})
