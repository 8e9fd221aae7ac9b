import {
  Conflict,
  type CoreError,
  DuplicateModel,
  DuplicateName,
  InvalidInput,
  NotFound,
  ProviderDisabled,
  ProviderError,
  type ProviderErrorReason,
  StorageError,
  UnknownModel
} from "@switchboard/core/domain/Errors"
import { describe, expect, it } from "vitest"
import {
  describe as describeError,
  errorHeaders,
  type ErrorTag,
  errorRows,
  openAiBody,
  providerStatus,
  restBody
} from "../src/ErrorTable"
import {
  type HttpError,
  MalformedJson,
  NestedTooDeep,
  PayloadTooLarge,
  RouteNotFound,
  ShuttingDown,
  Unauthenticated,
  UnsupportedMediaType
} from "../src/HttpErrors"

/** One error of every tag; keyed by `ErrorTag`, so a new tag is a compile error here too until it has a sample. */
const oneOfEach: { readonly [T in ErrorTag]: Extract<CoreError | HttpError, { readonly _tag: T }> } = {
  InvalidInput: new InvalidInput({ field: "baseUrl", problem: "is bad" }),
  MalformedJson: new MalformedJson({ detail: "x" }),
  NestedTooDeep: new NestedTooDeep({ maxDepth: 128 }),
  Unauthenticated: new Unauthenticated({ presented: true }),
  NotFound: new NotFound({ entity: "model", id: "m" }),
  UnknownModel: new UnknownModel({ providerId: "p", modelId: "m" }),
  RouteNotFound: new RouteNotFound({ method: "POST", path: "/x" }),
  DuplicateName: new DuplicateName({ name: "x" }),
  DuplicateModel: new DuplicateModel({ providerId: "p", modelIds: ["m"] }),
  Conflict: new Conflict({ id: "p", expectedRevision: 1, actualRevision: 2 }),
  ProviderDisabled: new ProviderDisabled({ providerId: "p" }),
  PayloadTooLarge: new PayloadTooLarge({ maxBytes: 1 }),
  UnsupportedMediaType: new UnsupportedMediaType({ received: "" }),
  ShuttingDown: new ShuttingDown(),
  StorageError: new StorageError({ operation: "write", detail: "disk" }),
  ProviderError: new ProviderError({ reason: "Upstream", url: "http://up/v1/chat/completions", detail: "no" })
}

describe("the error table", () => {
  it("has exactly one row per error tag", () => {
    expect(Object.keys(errorRows).sort()).toEqual(Object.keys(oneOfEach).sort())
  })

  it.each(Object.entries(oneOfEach))("answers %s with its own 4xx/5xx status, code and message", (tag, error) => {
    expect(error._tag).toBe(tag)
    const info = describeError(error)
    expect(info.status).toBeGreaterThanOrEqual(400)
    expect(info.status).toBeLessThan(600)
    expect(info.code).not.toBe("internal_error")
    expect(info.message).toBe(error.message)
    expect(info.message.length).toBeGreaterThan(0)
  })

  it.each([
    [new InvalidInput({ field: "baseUrl", problem: "is bad" }), 400, "invalid_input"],
    [new MalformedJson({ detail: "x" }), 400, "malformed_json"],
    [new NestedTooDeep({ maxDepth: 128 }), 400, "nested_too_deep"],
    [new Unauthenticated({ presented: false }), 401, "unauthenticated"],
    [new NotFound({ entity: "provider", id: "x" }), 404, "not_found"],
    [new UnknownModel({ providerId: "p", modelId: "m" }), 404, "unknown_model"],
    [new RouteNotFound({ method: "GET", path: "/x" }), 404, "route_not_found"],
    [new DuplicateName({ name: "x" }), 409, "duplicate_name"],
    [new DuplicateModel({ providerId: "p", modelIds: ["m"] }), 409, "duplicate_model"],
    [new Conflict({ id: "p", expectedRevision: 1, actualRevision: 2 }), 409, "conflict"],
    [new ProviderDisabled({ providerId: "p" }), 403, "provider_disabled"],
    [new PayloadTooLarge({ maxBytes: 1 }), 413, "payload_too_large"],
    [new UnsupportedMediaType({ received: "text/plain" }), 415, "unsupported_media_type"],
    [new StorageError({ operation: "read", detail: "disk" }), 503, "storage_error"],
    [new ShuttingDown(), 503, "shutting_down"]
  ])("maps %s to %i %s", (error, status, code) => {
    const info = describeError(error)
    expect(info).toMatchObject({ status, code, message: error.message })
  })

  it.each<[ProviderErrorReason, number | undefined, number]>([
    // A refused request keeps the upstream's 4xx; no status (an error inside a 200 stream) reads by the reason.
    ["InvalidRequest", 400, 400],
    ["InvalidRequest", 413, 413],
    ["InvalidRequest", 422, 422],
    ["InvalidRequest", 409, 409],
    ["InvalidRequest", undefined, 400],
    ["NotFound", 404, 404],
    ["NotFound", undefined, 404],
    // A key refused is the upstream's 401/403; Gemini's bad key comes as a 400 and is still a 401.
    ["Authentication", 401, 401],
    ["Authentication", 403, 403],
    ["Authentication", 400, 401],
    ["Authentication", undefined, 401],
    ["RateLimit", 429, 429],
    ["RateLimit", 400, 429],
    ["RateLimit", undefined, 429],
    // The upstream's own failures and broken connections are the gateway's 502; silence 504.
    ["Upstream", 500, 502],
    ["Upstream", 529, 502],
    ["Network", undefined, 502],
    ["InvalidOutput", 200, 502],
    ["Timeout", 408, 504],
    ["Timeout", undefined, 504],
    // A redirect, or a 4xx whose status means something the reason contradicts: not the client's request.
    ["InvalidRequest", 302, 502],
    ["InvalidRequest", 401, 400],
    ["InvalidRequest", 499, 400]
  ])("a provider error %s with upstream status %s is a %i", (reason, upstream, status) => {
    expect(providerStatus(reason, upstream)).toBe(status)
    const error = new ProviderError({
      reason,
      url: "http://up/v1/chat/completions",
      detail: "no",
      ...(upstream === undefined ? {} : { status: upstream })
    })
    const info = describeError(error)
    expect(info).toMatchObject({ status, code: "provider_error", reason, url: "http://up/v1/chat/completions" })
    expect(info.upstreamStatus).toBe(upstream)
    expect(restBody(info).error).toMatchObject({ code: "provider_error", reason })
    expect(openAiBody(info).error).toMatchObject({ code: "provider_error", reason, param: null })
  })

  it("gives a gateway client the upstream's own code, type and param, in OpenAI's words where they differ", () => {
    const url = "http://up/v1/chat/completions"
    const tooLong = describeError(
      new ProviderError({
        reason: "InvalidRequest",
        url,
        status: 400,
        detail: "This model's maximum context length is 8192 tokens.",
        code: "context_length_exceeded",
        type: "invalid_request_error",
        param: "messages"
      })
    )
    expect(tooLong.status).toBe(400)
    expect(openAiBody(tooLong).error).toEqual({
      message: expect.stringContaining("maximum context length is 8192 tokens"),
      type: "invalid_request_error",
      param: "messages",
      code: "context_length_exceeded",
      reason: "InvalidRequest"
    })
    expect(restBody(tooLong).error).toMatchObject({
      code: "provider_error",
      upstreamStatus: 400,
      upstreamCode: "context_length_exceeded",
      upstreamParam: "messages"
    })
    // Anthropic's overloaded_error and Gemini's status words are not OpenAI types: the reason picks one.
    const overloaded = describeError(
      new ProviderError({
        reason: "Upstream",
        url,
        status: 529,
        detail: "x",
        code: "overloaded_error",
        type: "overloaded_error"
      })
    )
    expect(overloaded.status).toBe(502)
    expect(openAiBody(overloaded).error).toMatchObject({ type: "api_error", code: "overloaded_error" })
    const gemini = describeError(
      new ProviderError({ reason: "InvalidRequest", url, status: 400, detail: "x", code: "INVALID_ARGUMENT" })
    )
    expect(openAiBody(gemini).error).toMatchObject({ type: "invalid_request_error", code: "INVALID_ARGUMENT" })
    const refused = describeError(new ProviderError({ reason: "Authentication", url, status: 403, detail: "x" }))
    expect(openAiBody(refused).error).toMatchObject({ type: "permission_error", code: "provider_error" })
    // The message says whose key it was: the provider's, not the client's token.
    expect(refused.message).toContain("the provider refused the API key Switchboard sent it")
    expect(refused.message).toContain("not the problem")
  })

  it("tells clients not to retry what cannot go differently, nor what the gateway already retried", () => {
    const url = "http://up/v1/chat/completions"
    const headersOf = (error: unknown) => errorHeaders(describeError(error))
    const never = { "x-should-retry": "false" }
    for (const error of [
      new InvalidInput({ field: "f", problem: "p" }),
      new UnknownModel({ providerId: "p", modelId: "m" }),
      new ProviderDisabled({ providerId: "p" }),
      new Conflict({ id: "p", expectedRevision: 1, actualRevision: 2 }),
      new ProviderError({ reason: "InvalidRequest", url, status: 400, detail: "x" }),
      new ProviderError({ reason: "Authentication", url, status: 401, detail: "x" }),
      new ProviderError({ reason: "NotFound", url, status: 404, detail: "x" }),
      new ProviderError({ reason: "InvalidOutput", url, status: 200, detail: "x" }),
      new ProviderError({ reason: "Upstream", url, status: 500, detail: "x", attempts: 3 }),
      new ProviderError({ reason: "Timeout", url, detail: "x", attempts: 2 }),
      new Error("a bug")
    ])
      expect(headersOf(error)).toMatchObject(never)
    // Not retried here (maxRetries 0, one key): the client may.
    for (const error of [
      new ProviderError({ reason: "Upstream", url, status: 500, detail: "x" }),
      new ProviderError({ reason: "Network", url, detail: "x" }),
      new ProviderError({ reason: "Timeout", url, detail: "x" }),
      new ProviderError({ reason: "RateLimit", url, status: 429, detail: "x" }),
      new ShuttingDown()
    ])
      expect(headersOf(error)["x-should-retry"]).toBeUndefined()
  })

  it("says when to retry a rate limit, in whole seconds rounded up", () => {
    const url = "http://up/v1/chat/completions"
    const limited = new ProviderError({
      reason: "RateLimit",
      url,
      status: 429,
      detail: "x",
      retryAfterMs: 1_200,
      attempts: 3
    })
    expect(errorHeaders(describeError(limited))).toEqual({ "x-should-retry": "false", "retry-after": "2" })
    expect(restBody(describeError(limited)).error.retryAfterSeconds).toBe(2)
    expect(errorHeaders(describeError(new ProviderError({ reason: "RateLimit", url, detail: "x" })))).toEqual({})
  })

  it("asks for Switchboard's token only for a 401 about it, not for a provider's refused key", () => {
    expect(errorHeaders(describeError(new Unauthenticated({ presented: true })))["www-authenticate"]).toContain(
      "Bearer"
    )
    const refused = new ProviderError({ reason: "Authentication", url: "http://up", status: 401, detail: "x" })
    expect(errorHeaders(describeError(refused))["www-authenticate"]).toBeUndefined()
  })

  it("answers anything unknown with a 500 that reveals nothing", () => {
    for (const error of [
      new Error("secret sk-123 inside"),
      { _tag: "Mystery", message: "secret" },
      { _tag: "constructor", message: "secret" },
      "text"
    ]) {
      const info = describeError(error)
      expect(info).toMatchObject({ status: 500, code: "internal_error" })
      expect(info.message).not.toContain("secret")
    }
  })

  it("names the field in both shapes", () => {
    const info = describeError(new InvalidInput({ field: "messages[0].role", problem: "is bad" }))
    expect(restBody(info).error.field).toBe("messages[0].role")
    expect(openAiBody(info).error).toMatchObject({ param: "messages[0].role", type: "invalid_request_error" })
  })
})
