import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { type CommandRunner, commandRunner } from "../../support/runCommand"
import { startUpstream, type Upstream } from "../../support/VllmUpstream"

let cli: CommandRunner
let upstream: Upstream
beforeAll(async () => {
  upstream = await startUpstream({ models: ["gpt2", "opt-125m"] })
})
afterAll(() => upstream.close())
beforeEach(async () => {
  cli = commandRunner()
  await cli.run("providers", "add", "--name", "Local", "--type", "openai", "--base-url", upstream.url)
})
afterEach(() => cli.dispose())

describe("switchboard models", () => {
  it("adds several ids at once and lists them", async () => {
    const added = await cli.run("models", "add", "local", "gpt2", "meta-llama/Llama-3.1-8B-Instruct")
    expect(added.code).toBe(0)
    expect(added.stderr).toBe("added 2 models to local\n")
    const listed = await cli.run("models", "list", "local")
    expect(listed.stdout).toMatch(/gpt2\s+gpt2\s+gpt2/)
    expect(listed.stdout).toMatch(
      /meta-llama\/Llama-3\.1-8B-Instruct\s+meta-llama\/Llama-3\.1-8B-Instruct\s+meta-llama\s+tools/
    )
  })

  it("refuses a duplicate id with exit 1", async () => {
    await cli.run("models", "add", "local", "gpt2")
    const again = await cli.run("models", "add", "local", "gpt2")
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('already has model "gpt2"')
  })

  it("lists the provider's own models", async () => {
    const remote = await cli.run("models", "remote", "local")
    expect(remote).toMatchObject({ code: 0, stdout: "gpt2\nopt-125m\n" })
  })

  it("removes a model", async () => {
    await cli.run("models", "add", "local", "gpt2")
    expect((await cli.run("models", "remove", "local", "gpt2")).code).toBe(0)
    expect(JSON.parse((await cli.run("models", "list", "local", "--json")).stdout)).toEqual([])
  })
})
