import { createHash } from "node:crypto"
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, describe, expect, it } from "vitest"
import { docsPage } from "../../src/openapi/DocsPage"
import { contentSecurityPolicy } from "../../src/web/SecurityHeaders"
import { makeTestApp, type TestApp } from "../support/TestApp"

let t: TestApp | undefined
afterEach(() => t?.dispose())

const sha = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`

const directive = (policy: string, name: string) =>
  policy
    .split("; ")
    .find((part) => part.startsWith(`${name} `))
    ?.split(" ")
    .slice(1)

const expectPageHeaders = (headers: Headers) => {
  const policy = headers.get("content-security-policy") ?? ""
  expect(directive(policy, "default-src")).toEqual(["'self'"])
  expect(directive(policy, "frame-ancestors")).toEqual(["'none'"])
  expect(policy).not.toContain("unsafe-inline")
  expect(headers.get("x-frame-options")).toBe("DENY")
  expect(headers.get("x-content-type-options")).toBe("nosniff")
  return policy
}

describe("SecurityHeaders", () => {
  it("allows a page's inline scripts and styles by hash, and nothing from elsewhere", () => {
    const policy = contentSecurityPolicy(
      `<style>b{}</style><script type="module" src="/assets/a.js"></script><script>run()</script><script></script>`
    )
    expect(directive(policy, "script-src")).toEqual(["'self'", sha("run()")])
    expect(directive(policy, "style-src")).toEqual(["'self'", sha("b{}")])
    expect(directive(policy, "img-src")).toEqual(["'self'", "data:"])
  })

  it("covers /docs, whose only script and style are inline", async () => {
    t = makeTestApp()
    const res = await t.call("GET", "/docs", { token: null })
    const policy = expectPageHeaders(res.headers)
    const script = /<script>([\s\S]*?)<\/script>/.exec(docsPage)![1]!
    expect(directive(policy, "script-src")).toContain(sha(script))
  })

  it("covers every dashboard page, its not-built page, and marks its files nosniff", async () => {
    const root = mkdtempSync(join(tmpdir(), "switchboard-dist-"))
    t = makeTestApp()
    expectPageHeaders((await t.call("GET", "/", { token: null })).headers)
    t.dispose()
    mkdirSync(join(root, "assets"))
    writeFileSync(join(root, "index.html"), `<!doctype html><script type="module" src="/assets/a.js"></script>`)
    writeFileSync(join(root, "assets", "a.js"), "1")
    t = makeTestApp({ webRoot: root })
    for (const path of ["/", "/index.html", "/providers/x"])
      expectPageHeaders((await t.call("GET", path, { token: null })).headers)
    const asset = await t.call("GET", "/assets/a.js", { token: null })
    expect(asset.headers.get("x-content-type-options")).toBe("nosniff")
    expect(asset.headers.get("content-security-policy")).toBeNull()
  })
})
