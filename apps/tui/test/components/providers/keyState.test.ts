import { ApiKey, ApiKeyId } from "@switchboard/core/domain/ApiKey"
import { Provider, ProviderId } from "@switchboard/core/domain/Provider"
import { Timeouts } from "@switchboard/core/domain/Timeouts"
import { KeyCheck, VerifyReport } from "@switchboard/core/domain/VerifyReport"
import { DateTime, Redacted } from "effect"
import { describe, expect, it } from "vitest"
import { keyState } from "../../../src/components/providers/keyState"

const key = (id: string, plain: string) => new ApiKey({ id: ApiKeyId.make(id), value: Redacted.make(plain) })

const provider = (apiKeys: ReadonlyArray<ApiKey>) =>
  new Provider({
    id: ProviderId.make("p"),
    name: "P",
    type: "openai",
    enabled: true,
    baseUrl: "http://localhost:8000",
    apiKeys,
    headers: {},
    timeouts: Timeouts.defaults,
    models: [],
    revision: 1,
    createdAt: DateTime.unsafeNow(),
    updatedAt: DateTime.unsafeNow()
  })

const check = (keyId: string | undefined, ok: boolean) =>
  new KeyCheck({
    ...(keyId === undefined ? {} : { keyId }),
    key: null,
    ok,
    latencyMs: 5,
    url: "http://localhost:8000/v1/models",
    stage: "models"
  })

describe("keyState", () => {
  it("says none, or shows the keys masked", () => {
    expect(keyState(provider([]), undefined)).toEqual({ kind: "none", label: "no key" })
    const two = provider([key("a", "sk-aaaaaaaaaaaaaaaa1111"), key("b", "sk-bbbbbbbbbbbbbbbb2222")])
    expect(keyState(two, undefined)).toEqual({ kind: "masked", label: "sk-…1111 +1" })
  })

  it("is verified or failed only for a report on exactly the current keys", () => {
    const one = provider([key("a", "sk-aaaaaaaaaaaaaaaa1111")])
    const ok = new VerifyReport({ providerId: "p", ok: true, results: [check("a", true)] })
    const bad = new VerifyReport({ providerId: "p", ok: false, results: [check("a", false)] })
    const stale = new VerifyReport({ providerId: "p", ok: true, results: [check("old", true)] })
    expect(keyState(one, ok)).toEqual({ kind: "verified", label: "✓ sk-…1111" })
    expect(keyState(one, bad)).toEqual({ kind: "failed", label: "✗ sk-…1111" })
    expect(keyState(one, stale).kind).toBe("masked")
  })

  it("counts a keyless check for a keyless provider", () => {
    const report = new VerifyReport({ providerId: "p", ok: true, results: [check(undefined, true)] })
    expect(keyState(provider([]), report)).toEqual({ kind: "verified", label: "✓ no key" })
  })
})
