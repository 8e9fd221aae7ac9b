import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { type CommandRunner, commandRunner } from "../../support/runCommand"
import { startUpstream, type Upstream } from "../../support/VllmUpstream"

let cli: CommandRunner
let upstream: Upstream
beforeAll(async () => {
  upstream = await startUpstream({ key: "sk-good-0000000000000000" })
})
afterAll(() => upstream.close())
beforeEach(() => {
  cli = commandRunner()
})
afterEach(() => cli.dispose())

describe("switchboard verify", () => {
  it("exits 0 when every key works, with the URL and latency", async () => {
    await cli.run(
      "providers",
      "add",
      "--name",
      "Good",
      "--type",
      "openai",
      "--base-url",
      upstream.url,
      "--key",
      "sk-good-0000000000000000"
    )
    const result = await cli.run("verify", "good")
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(new RegExp(`ok   sk-…0000  listed models  \\d+ ms  ${upstream.url}/v1/models`))
    expect(result.stdout).toContain("verified: good")
  })

  it("exits 1 when a key fails, saying why", async () => {
    await cli.run(
      "providers",
      "add",
      "--name",
      "Bad",
      "--type",
      "openai",
      "--base-url",
      upstream.url,
      "--key",
      "sk-bad-11111111111111111"
    )
    const result = await cli.run("verify", "bad")
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/FAIL sk-…1111 {2}Authentication HTTP 401/)
    expect(result.stdout).toContain("Incorrect API key provided")
    expect(result.stdout).not.toContain("sk-bad-1111")
  })

  it("exits 1 for an unknown provider", async () => {
    const result = await cli.run("verify", "nope")
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('No provider "nope" exists')
  })
})
