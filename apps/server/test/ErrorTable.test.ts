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
import { describe as describeError, type ErrorTag, errorRows, openAiBody, restBody } from "../src/ErrorTable"
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
    [new ProviderDisabled({ providerId: "p" }), 409, "provider_disabled"],
    [new PayloadTooLarge({ maxBytes: 1 }), 413, "payload_too_large"],
    [new UnsupportedMediaType({ received: "text/plain" }), 415, "unsupported_media_type"],
    [new StorageError({ operation: "read", detail: "disk" }), 503, "storage_error"],
    [new ShuttingDown(), 503, "shutting_down"]
  ])("maps %s to %i %s", (error, status, code) => {
    const info = describeError(error)
    expect(info).toMatchObject({ status, code, message: error.message })
  })

  it.each<[ProviderErrorReason, number]>([
    ["Authentication", 502],
    ["NotFound", 502],
    ["RateLimit", 502],
    ["Network", 502],
    ["InvalidRequest", 502],
    ["Upstream", 502],
    ["InvalidOutput", 502],
    ["Timeout", 504]
  ])("maps a provider error with reason %s to %i, carrying the reason", (reason, status) => {
    const error = new ProviderError({ reason, url: "http://up/v1/chat/completions", status: 401, detail: "no" })
    const info = describeError(error)
    expect(info).toMatchObject({
      status,
      code: "provider_error",
      reason,
      upstreamStatus: 401,
      url: "http://up/v1/chat/completions"
    })
    expect(restBody(info).error).toMatchObject({ code: "provider_error", reason })
    expect(openAiBody(info).error).toMatchObject({ type: "api_error", code: "provider_error", reason, param: null })
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
