/**
 * Anthropic's error types → reasons: the type outranks the status, unknown types fall back to the status, and a
 * body that is not Anthropic's envelope is judged by the status alone.
 */
import { describe, expect, it } from "@effect/vitest"
import { reasonForError, refineStatus } from "../../src/anthropic/AnthropicErrors"

const body = (type: string) => JSON.stringify({ type: "error", error: { type, message: "m" } })

describe("AnthropicErrors", () => {
  it.each([
    ["authentication_error", 401, "Authentication"],
    ["permission_error", 403, "Authentication"],
    ["billing_error", 402, "Authentication"],
    ["not_found_error", 404, "NotFound"],
    ["rate_limit_error", 429, "RateLimit"],
    ["timeout_error", 504, "Timeout"],
    ["request_too_large", 413, "InvalidRequest"],
    ["invalid_request_error", 400, "InvalidRequest"],
    ["api_error", 500, "Upstream"],
    ["overloaded_error", 529, "Upstream"],
    // A proxy's status with Anthropic's type: the type wins.
    ["overloaded_error", 400, "Upstream"],
    ["some_new_error", 404, "NotFound"],
    // 401/403, 404 and 429 say it all: a proxy's OpenAI-style body on a 401 is still a bad key.
    ["invalid_request_error", 401, "Authentication"],
    ["invalid_request_error", 429, "RateLimit"]
  ] as const)("%s (HTTP %d) → %s", (type, status, reason) => {
    // The type is the upstream's word too, kept as its code and type.
    expect(refineStatus(status, body(type))).toEqual({ reason, code: type, type })
  })

  it("without a status (an event: error in a 200 stream) unknown types are Upstream", () => {
    expect(reasonForError("some_new_error")).toBe("Upstream")
    expect(reasonForError("rate_limit_error")).toBe("RateLimit")
  })

  it("a body that is not the envelope falls back to the status table", () => {
    expect(refineStatus(401, "<html>Unauthorized</html>")).toEqual({ reason: "Authentication" })
    expect(refineStatus(502, "")).toEqual({ reason: "Upstream" })
  })
})
