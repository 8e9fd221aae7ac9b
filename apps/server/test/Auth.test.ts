import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { tokenMatches } from "../src/Auth"
import { makeTestApp, type TestApp } from "./support/TestApp"

let t: TestApp
beforeEach(() => {
  t = makeTestApp()
})
afterEach(() => t.dispose())

describe("bearer token", () => {
  it.each(["/api/providers", "/api/presets", "/api/conversations"])("guards %s", async (path) => {
    const missing = await t.json("GET", path, { token: null })
    expect(missing.status).toBe(401)
    expect(missing.body.error.code).toBe("unauthenticated")
    expect(missing.headers.get("www-authenticate")).toContain("Bearer")
    const wrong = await t.json("GET", path, { token: "wrong-token" })
    expect(wrong.status).toBe(401)
    expect(wrong.text).not.toContain("wrong-token")
    expect((await t.json("GET", path)).status).toBe(200)
  })

  it("guards the gateway, answering in OpenAI's error shape", async () => {
    const res = await t.json("GET", "/v1/models", { token: null })
    expect(res.status).toBe(401)
    expect(res.body.error).toMatchObject({ type: "authentication_error", code: "unauthenticated", param: null })
    expect((await t.json("GET", "/v1/models")).status).toBe(200)
  })

  it("refuses other schemes and malformed headers", async () => {
    for (const authorization of ["Basic dXNlcjpwYXNz", "Bearer", "Bearer a b", "test-token-0123456789abcdef"]) {
      const res = await t.app.request("/api/providers", { headers: { authorization } })
      expect(res.status).toBe(401)
    }
  })

  it("leaves health, the OpenAPI document and the docs open", async () => {
    for (const path of ["/healthz", "/openapi.json", "/docs"])
      expect((await t.json("GET", path, { token: null })).status).toBe(200)
  })

  it("compares whole tokens", () => {
    expect(tokenMatches("abc", "abc")).toBe(true)
    expect(tokenMatches("abc", "abd")).toBe(false)
    expect(tokenMatches("ab", "abc")).toBe(false)
    expect(tokenMatches("", "abc")).toBe(false)
  })
})
