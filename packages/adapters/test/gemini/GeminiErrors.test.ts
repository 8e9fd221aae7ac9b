/**
 * Google's error objects → reasons and retry delays: key reasons before status words before HTTP statuses, and
 * protobuf Durations read exactly.
 */
import { describe, expect, it } from "@effect/vitest"
import { Option } from "effect"
import { fromGoogleError, reasonFor, retryDelayMs } from "../../src/gemini/GeminiErrors"

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

  it("keeps Google's word as the code: the key's own reason when there is one, else the status word", () => {
    const ctx = { url: "http://127.0.0.1:1/v1beta/models/m:generateContent", key: Option.none(), secrets: [] }
    const tooLong = fromGoogleError(
      ctx,
      { code: 400, status: "INVALID_ARGUMENT", message: "too long" },
      { status: 400 }
    )
    expect(tooLong).toMatchObject({ reason: "InvalidRequest", status: 400, code: "INVALID_ARGUMENT" })
    expect(tooLong.type).toBeUndefined()
    const badKey = fromGoogleError(
      ctx,
      { status: "INVALID_ARGUMENT", details: [info("API_KEY_INVALID")] },
      { status: 400 }
    )
    expect(badKey).toMatchObject({ reason: "Authentication", code: "API_KEY_INVALID" })
    expect(fromGoogleError(ctx, { message: "?" }).code).toBeUndefined()
  })

  it("no RetryInfo, or an unreadable delay, gives no delay", () => {
    expect(retryDelayMs({ details: [info("RATE_LIMIT_EXCEEDED")] })).toBeUndefined()
    expect(retryDelayMs({ details: [retry("soon")] })).toBeUndefined()
    expect(retryDelayMs({ details: ["not an object", 42] })).toBeUndefined()
  })
})
