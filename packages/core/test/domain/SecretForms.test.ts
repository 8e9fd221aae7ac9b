import { describe, expect, it } from "@effect/vitest"
import { scrubSecrets, secretForms } from "../../src/domain/SecretForms"

/** Not shaped like any vendor's key, with the characters that each encoding changes. */
const key = "k3y/with+odd=chars&<more> ~0123456789"
const b64 = (text: string) => Buffer.from(text).toString("base64")
const b64url = (text: string) => Buffer.from(text).toString("base64url")

describe("scrubSecrets", () => {
  it.each([
    ["as is", key],
    ["encodeURIComponent", encodeURIComponent(key)],
    ["percent-encoded, lower-case hex", encodeURIComponent(key).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase())],
    ["form-encoded (URLSearchParams)", new URLSearchParams({ k: key }).toString().slice(2)],
    ["encodeURIComponent with + for spaces", encodeURIComponent(key).replace(/%20/g, "+")],
    ["URL-encoded twice", encodeURIComponent(encodeURIComponent(key))],
    ["JSON-escaped", JSON.stringify(key)],
    ["JSON-escaped with \\/", JSON.stringify(key).replace(/\//g, "\\/")],
    ["JSON-escaped as \\u00XX (Go)", `"${key.replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`)}"`],
    ["base64", b64(key)],
    ["base64url", b64url(key)],
    ["Basic user:key", `Basic ${b64(`user:${key}`)}`],
    ["Basic ab:key (other alignment)", `Basic ${b64(`ab:${key}`)}`],
    ["Basic key: (key first)", `Basic ${b64(`${key}:`)}`],
    ["base64url of a JSON blob holding it", b64url(JSON.stringify({ token: key, n: 1 }))],
    ["hex", Buffer.from(key).toString("hex")],
    ["HEX", Buffer.from(key).toString("hex").toUpperCase()]
  ])("%s", (_, form) => {
    const scrubbed = scrubSecrets(`upstream said: ${form} (end)`, [key])
    expect(scrubbed).toContain("[redacted]")
    expect(scrubbed).toMatch(/^upstream said: /)
    expect(scrubbed).toMatch(/ \(end\)$/)
    // No run of the key longer than a few characters survives, in any of the forms.
    for (const survivor of [key, "with+odd", "0123456789"]) expect(scrubbed).not.toContain(survivor)
    expect(scrubbed.length).toBeLessThan(`upstream said: ${form} (end)`.length)
  })

  it("leaves text without the secret as it was, and skips empty secrets", () => {
    expect(scrubSecrets("model gpt-4o not found", [key, ""])).toBe("model gpt-4o not found")
  })

  it("scrubs a short secret as is, but not its short encodings (they would garble ordinary words)", () => {
    expect(scrubSecrets("abc then YWJj", ["abc"])).toBe("[redacted] then YWJj")
  })

  it("replaces a whole encoding before a fragment of it", () => {
    expect(scrubSecrets(`x=${b64(key)};`, [key])).toBe("x=[redacted];")
  })
})

describe("secretForms", () => {
  it("is longest first and computed once per secret", () => {
    const forms = secretForms(key)
    expect(secretForms(key)).toBe(forms)
    expect([...forms].sort((a, b) => b.length - a.length)).toEqual(forms)
  })
})
