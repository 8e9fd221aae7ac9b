import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { makeTestApp, type TestApp } from "./support/TestApp"

let t: TestApp
afterEach(() => t.dispose())

const builtDashboard = () => {
  const root = mkdtempSync(join(tmpdir(), "switchboard-dist-"))
  mkdirSync(join(root, "assets"))
  writeFileSync(join(root, "index.html"), "<!doctype html><title>Dashboard</title>")
  writeFileSync(join(root, "assets", "app-1234.js"), "console.log('app')")
  return root
}

describe("the app", () => {
  it("answers /healthz", async () => {
    t = makeTestApp()
    const res = await t.json("GET", "/healthz", { token: null })
    expect(res).toMatchObject({ status: 200, body: { status: "ok" } })
  })

  it("answers unknown API routes with a JSON 404, in each API's shape", async () => {
    t = makeTestApp()
    const api = await t.json("GET", "/api/nothing-here")
    expect(api.status).toBe(404)
    expect(api.body.error).toMatchObject({
      code: "route_not_found",
      message: expect.stringContaining("/api/nothing-here")
    })
    const wrongMethod = await t.json("PUT", "/api/providers")
    expect(wrongMethod.status).toBe(404)
    const gateway = await t.json("POST", "/v1/audio/speech", { body: {} })
    expect(gateway.status).toBe(404)
    expect(gateway.body.error).toMatchObject({ type: "not_found_error", code: "route_not_found" })
  })

  it("serves the built dashboard, with assets cached and page routes falling back to index.html", async () => {
    t = makeTestApp({ webRoot: builtDashboard() })
    const index = await t.call("GET", "/", { token: null })
    expect(index.status).toBe(200)
    expect(index.headers.get("content-type")).toContain("text/html")
    expect(await index.text()).toContain("<title>Dashboard</title>")
    const asset = await t.call("GET", "/assets/app-1234.js", { token: null })
    expect(asset.headers.get("content-type")).toContain("javascript")
    expect(asset.headers.get("cache-control")).toContain("immutable")
    const page = await t.call("GET", "/providers/my-vllm", { token: null })
    expect(await page.text()).toContain("<title>Dashboard</title>")
    expect((await t.call("GET", "/assets/missing.js", { token: null })).status).toBe(404)
    for (const path of [
      "/../../../../etc/passwd",
      "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
      "/assets/..%2f..%2f..%2f..%2fetc%2fpasswd"
    ])
      expect(await (await t.call("GET", path, { token: null })).text()).not.toContain("root:")
  })

  it("says how to build the dashboard when it is not built", async () => {
    t = makeTestApp()
    const res = await t.call("GET", "/", { token: null })
    expect(res.status).toBe(503)
    expect(await res.text()).toContain("--filter @switchboard/web build")
  })

  it("allows CORS for the dashboard's origin only", async () => {
    t = makeTestApp({ allowedOrigins: ["http://localhost:5173"] })
    const preflight = (origin: string) =>
      t.app.request("/api/providers", {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization" }
      })
    const allowed = await preflight("http://localhost:5173")
    expect(allowed.headers.get("access-control-allow-origin")).toBe("http://localhost:5173")
    expect(allowed.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization")
    const other = await preflight("https://evil.example")
    expect(other.headers.get("access-control-allow-origin")).toBeNull()
    const get = await t.call("GET", "/api/providers", { headers: { origin: "https://evil.example" } })
    expect(get.headers.get("access-control-allow-origin")).toBeNull()
  })

  it("logs one structured line per request, without the query string", async () => {
    t = makeTestApp()
    await t.json("GET", "/api/urls?type=openai&baseUrl=http%3A%2F%2Fsecret-host")
    const [line] = t.logs.map((l) => JSON.parse(l))
    expect(line).toMatchObject({ level: "info", msg: "request", method: "GET", path: "/api/urls", status: 200 })
    expect(line.durationMs).toEqual(expect.any(Number))
    expect(t.logs.join("")).not.toContain("secret-host")
  })

  it("serves interactive docs that load nothing from elsewhere", async () => {
    t = makeTestApp()
    const res = await t.call("GET", "/docs", { token: null })
    const html = await res.text()
    expect(html).toContain("/openapi.json")
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="http/)
  })
})
