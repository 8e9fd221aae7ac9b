/**
 * Google's error objects → reasons and retry delays: key reasons before status words before HTTP statuses, and
 * protobuf Durations read exactly.
 */
import { describe, expect, it } from "@effect/vitest"
import { reasonFor, retryDelayMs } from "../../src/gemini/GeminiErrors"

const info = (reason: string) => ({ "@type": "type.googleapis.com/google.rpc.ErrorInfo", reason })
const retry = (retryDelay: string) => ({ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay })

describe("GeminiErrors", () => {
  it.each([
    [{ status: "INVALID_ARGUMENT", details: [info("API_KEY_INVALID")] }, 400, "Authentication"],
    [{ status: "PERMISSION_DENIED", details: [info("API_KEY_SERVICE_BLOCKED")] }, 403, "Authentication"],
    [{ status: "INVALID_ARGUMENT", details: [info("BAD_FIELD")] }, 400, "InvalidRequest"],
    [{ status: "FAILED_PRECONDITION" }, 400, "InvalidRequest"],
    [{ status: "UNAUTHENTICATED" }, 401, "Authentication"],
    [{ status: "NOT_FOUND" }, 404, "NotFound"],
    [{ status: "RESOURCE_EXHAUSTED" }, 429, "RateLimit"],
    [{ status: "DEADLINE_EXCEEDED" }, 504, "Timeout"],
    [{ status: "UNAVAILABLE" }, 503, "Upstream"],
    // Inside a 200 stream only the status word (and code 499) is known.
    [{ code: 499, status: "CANCELLED" }, undefined, "Upstream"],
    // Unknown words fall back to the HTTP status, then to the error's own code.
    [{ status: "SOMETHING_NEW" }, 404, "NotFound"],
    [{ code: 429 }, undefined, "RateLimit"],
    [{}, undefined, "Upstream"]
  ] as const)("%j (HTTP %s) → %s", (error, status, reason) => {
    expect(reasonFor(error, status)).toBe(reason)
  })

  it.each([
    ["34.4s", 34_400],
    ["0.5s", 500],
    ["12s", 12_000],
    ["0s", 0]
  ])("retryDelay %s → %d ms", (delay, ms) => {
    expect(retryDelayMs({ details: [info("RATE_LIMIT_EXCEEDED"), retry(delay)] })).toBe(ms)
  })

  it("no RetryInfo, or an unreadable delay, gives no delay", () => {
    expect(retryDelayMs({ details: [info("RATE_LIMIT_EXCEEDED")] })).toBeUndefined()
    expect(retryDelayMs({ details: [retry("soon")] })).toBeUndefined()
    expect(retryDelayMs({ details: ["not an object", 42] })).toBeUndefined()
  })
})
