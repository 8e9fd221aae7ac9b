import { describe, expect, it } from "@effect/vitest"
import {
  isSecretHeader,
  maskHeaders,
  maskHeaderValue,
  partitionHeaders,
  restoreMaskedHeaders,
  secretHeaderValues
} from "../../src/domain/SecretHeaders"

describe("isSecretHeader", () => {
  it.each([
    "Authorization",
    "authorization",
    "Proxy-Authorization",
    "X-Api-Key",
    "api-key",
    "x-goog-api-key",
    "apikey",
    "Ocp-Apim-Subscription-Key",
    "cf-aig-authorization",
    "X-Auth-Token",
    "x-amz-security-token",
    "X-Client-Secret",
    "X-Password",
    "X-Passwd",
    "X-Credential",
    "Cookie",
    "X-Session-Id",
    "X-Signature",
    "X-JWT"
  ])("%s holds a credential", (name) => {
    expect(isSecretHeader(name)).toBe(true)
  })

  it.each([
    "X-Team",
    "anthropic-beta",
    "anthropic-version",
    "OpenAI-Organization",
    "OpenAI-Project",
    "HTTP-Referer",
    "X-Title",
    "User-Agent",
    "Accept-Language"
  ])("%s does not", (name) => {
    expect(isSecretHeader(name)).toBe(false)
  })
})

describe("maskHeaderValue", () => {
  it.each([
    ["header-secret-value-9876", "hea…9876"],
    ["Bearer sk-live-0123456789abcdef", "Bearer sk-…cdef"],
    ["Basic dXNlcjpwYXNzd29yZA==", "Basic dXN…ZA=="],
    ["Bearer short", "Bearer …"],
    ["tiny", "…"],
    ["", "…"]
  ])("%s → %s", (value, masked) => {
    expect(maskHeaderValue(value)).toBe(masked)
  })
})

describe("maskHeaders", () => {
  it("masks credential values only, keeping names and order", () => {
    const masked = maskHeaders({
      "X-Team": "blue",
      Authorization: "Bearer sk-live-0123456789abcdef",
      "X-Api-Key": "header-secret-value-9876"
    })
    expect(masked).toEqual({ "X-Team": "blue", Authorization: "Bearer sk-…cdef", "X-Api-Key": "hea…9876" })
    expect(Object.keys(masked)).toEqual(["X-Team", "Authorization", "X-Api-Key"])
  })
})

describe("restoreMaskedHeaders", () => {
  const stored = { Authorization: "Bearer sk-live-0123456789abcdef", "X-Team": "blue" }

  it("puts the stored credential back where its masked form came back", () => {
    expect(restoreMaskedHeaders(maskHeaders(stored), stored)).toEqual(stored)
  })

  it("takes a new value, a new header and a removal as typed", () => {
    expect(restoreMaskedHeaders({ Authorization: "Bearer sk-new-value-000000000" }, stored)).toEqual({
      Authorization: "Bearer sk-new-value-000000000"
    })
    // A non-credential that happens to look masked is a value the user typed.
    expect(restoreMaskedHeaders({ "X-Team": "blu…" }, { "X-Team": "blue-team-name-0000" })).toEqual({
      "X-Team": "blu…"
    })
    // A masked value under a name that was never stored cannot be restored.
    expect(restoreMaskedHeaders({ "X-Api-Key": "hea…9876" }, stored)).toEqual({ "X-Api-Key": "hea…9876" })
  })
})

describe("partitionHeaders", () => {
  it("splits credentials from the rest", () => {
    expect(partitionHeaders({ "X-Team": "a", Cookie: "s=1", "api-key": "k" })).toEqual({
      plain: { "X-Team": "a" },
      secret: { Cookie: "s=1", "api-key": "k" }
    })
  })
})

describe("secretHeaderValues", () => {
  it("gives each credential value, the credential behind its scheme and each cookie, longest first", () => {
    expect(
      secretHeaderValues({
        Authorization: "Bearer tok-0123456789",
        Cookie: "session=abcdef123; theme=x; csrf=zyxw9876",
        "X-Team": "not-a-secret-at-all",
        "X-Api-Key": "k"
      })
    ).toEqual([
      "session=abcdef123; theme=x; csrf=zyxw9876",
      "Bearer tok-0123456789",
      "tok-0123456789",
      "abcdef123",
      "zyxw9876"
    ])
  })

  it("is empty without credential headers", () => {
    expect(secretHeaderValues({ "X-Team": "blue" })).toEqual([])
  })
})
