import { chmodSync, mkdtempSync, readFileSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { resolveToken, tokenFileName } from "../src/Token"

const dir = () => join(mkdtempSync(join(tmpdir(), "switchboard-token-")), "data")

describe("resolveToken", () => {
  it("uses SWITCHBOARD_TOKEN when set, writing nothing", async () => {
    const dataDir = dir()
    expect(await resolveToken("from-env", dataDir)).toEqual({ value: "from-env", source: "env" })
    expect(() => statSync(join(dataDir, tokenFileName))).toThrow()
  })

  it("generates a token on first start, mode 0600, and keeps it", async () => {
    const dataDir = dir()
    const first = await resolveToken(undefined, dataDir)
    expect(first.source).toBe("generated")
    expect(first.value).toMatch(/^sb_[A-Za-z0-9_-]{43}$/)
    const path = join(dataDir, tokenFileName)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(readFileSync(path, "utf8").trim()).toBe(first.value)
    expect(await resolveToken(undefined, dataDir)).toEqual({ value: first.value, source: "file", path })
  })

  it("tightens a token file that lost its permissions", async () => {
    const dataDir = dir()
    const { path } = await resolveToken(undefined, dataDir)
    chmodSync(path!, 0o644)
    await resolveToken(undefined, dataDir)
    expect(statSync(path!).mode & 0o777).toBe(0o600)
  })
})
