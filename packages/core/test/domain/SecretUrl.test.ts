import { describe, expect, it } from "@effect/vitest"
import {
  hasUrlSecrets,
  isSecretQueryName,
  maskUrl,
  restoreMaskedUrl,
  urlSecretValues,
  withoutUrlSecrets
} from "../../src/domain/SecretUrl"

const secret = "SECRET-value-0123456789"

describe("isSecretQueryName", () => {
  it.each([
    "key",
    "KEY",
    "api_key",
    "api-key",
    "apikey",
    "x-api-key",
    "subscription-key",
    "token",
    "access_token",
    "auth",
    "auth_token",
    "sig",
    "signature",
    "X-Amz-Signature",
    "secret",
    "client_secret",
    "password",
    "passwd",
    "pwd",
    "pass",
    "code",
    "jwt",
    "session",
    "credential"
  ])("%s holds a credential", (name) => {
    expect(isSecretQueryName(name)).toBe(true)
  })

  it.each(["api-version", "alt", "model", "region", "format", "design", "page", "v"])("%s does not", (name) => {
    expect(isSecretQueryName(name)).toBe(false)
  })
})

describe("the URL's credentials", () => {
  it.each([
    // url, masked, without secrets, secret values
    [`http://h/v1?key=${secret}`, "http://h/v1?key=SEC…6789", "http://h/v1?key=", [secret]],
    [
      `http://h/v1?api-version=2024-10-21&api_key=${secret}&alt=sse`,
      "http://h/v1?api-version=2024-10-21&api_key=SEC…6789&alt=sse",
      "http://h/v1?api-version=2024-10-21&api_key=&alt=sse",
      [secret]
    ],
    [
      `http://h/v1?token=${encodeURIComponent("a/b+c=d&e 0123456789")}`,
      "http://h/v1?token=a/b…6789",
      "http://h/v1?token=",
      ["a/b+c=d&e 0123456789"]
    ],
    [`http://user:${secret}@h:8080/v1`, "http://…@h:8080/v1", "http://h:8080/v1", ["user", secret]],
    [`https://${secret}@h/v1#`, "https://…@h/v1#", "https://h/v1#", [secret]],
    ["http://h/v1?key=", "http://h/v1?key=", "http://h/v1?key=", []],
    ["http://h/v1?api-version=1&alt=sse", "http://h/v1?api-version=1&alt=sse", "http://h/v1?api-version=1&alt=sse", []],
    ["http://localhost:8000", "http://localhost:8000", "http://localhost:8000", []],
    ["not a url ?key=x", "not a url ?key=x", "not a url ?key=x", []]
  ])("%s", (url, masked, without, values) => {
    expect(maskUrl(url)).toBe(masked)
    expect(withoutUrlSecrets(url)).toBe(without)
    expect(urlSecretValues(url)).toEqual(values)
    expect(hasUrlSecrets(url)).toBe(values.length > 0)
    for (const value of values) {
      expect(maskUrl(url)).not.toContain(value)
      expect(withoutUrlSecrets(url)).not.toContain(value)
    }
  })

  it("an endpoint built from the base URL masks the same way", () => {
    expect(maskUrl(`http://h/v1/chat/completions?key=${secret}`)).toBe("http://h/v1/chat/completions?key=SEC…6789")
  })
})

describe("restoreMaskedUrl", () => {
  const stored = `http://h/v1?key=${secret}`
  it("keeps the stored URL when the masked one comes back unchanged", () => {
    expect(restoreMaskedUrl(maskUrl(stored), stored)).toBe(stored)
  })
  it("keeps each masked credential when another part of the URL is edited", () => {
    const shown = maskUrl(`http://user:${secret}@h/v1?api-version=1&key=${secret}`)
    const stored2 = `http://user:${secret}@h/v1?api-version=1&key=${secret}`
    expect(
      restoreMaskedUrl(shown.replace("//…@h/", "//…@other:9/").replace("api-version=1", "api-version=2"), stored2)
    ).toBe(`http://user:${secret}@other:9/v1?api-version=2&key=${secret}`)
    // A masked value under another parameter's name is not the stored credential: it is taken as typed.
    expect(restoreMaskedUrl("http://h/v1?token=SEC…6789", stored)).toBe("http://h/v1?token=SEC…6789")
  })

  it("takes anything else as typed", () => {
    expect(restoreMaskedUrl("http://h/v1?key=new-secret-value", stored)).toBe("http://h/v1?key=new-secret-value")
    expect(restoreMaskedUrl("http://other/v1", stored)).toBe("http://other/v1")
    expect(restoreMaskedUrl("http://h/v1", "http://h/v1")).toBe("http://h/v1")
  })
})
