import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { type CommandRunner, commandRunner } from "../../support/runCommand"

let cli: CommandRunner
beforeEach(() => {
  cli = commandRunner()
})
afterEach(() => cli.dispose())

describe("switchboard providers", () => {
  it("lists nothing at first, in words and as JSON", async () => {
    expect((await cli.run("providers", "list")).stdout).toContain("No providers yet")
    const result = await cli.run("providers", "list", "--json")
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toEqual([])
  })

  it("adds from a preset and from a type, and lists them with masked keys only", async () => {
    const vllm = await cli.run("providers", "add", "--name", "My vLLM", "--preset", "vllm", "--model", "gpt2")
    expect(vllm).toMatchObject({ code: 0, stdout: "my-vllm\n" })
    const openai = await cli.run(
      "providers",
      "add",
      "--name",
      "Work",
      "--type",
      "openai",
      "--base-url",
      "https://api.openai.com",
      "--key",
      "sk-work-key-0000000000000001",
      "--header",
      "X-Org: acme"
    )
    expect(openai.code).toBe(0)

    const table = await cli.run("providers", "list")
    expect(table.stdout).toMatch(/my-vllm\s+My vLLM\s+OpenAI\s+on\s+none\s+1\s+http:\/\/localhost:8000\//)
    expect(table.stdout).toMatch(/work\s+Work\s+OpenAI\s+on\s+sk-…0001\s+0\s+https:\/\/api\.openai\.com/)

    const listed = await cli.run("providers", "list", "--json")
    expect(listed.stdout).not.toContain("sk-work-key")
    expect(JSON.parse(listed.stdout)[1]).toMatchObject({
      id: "work",
      apiKeys: [{ id: expect.any(String), masked: "sk-…0001" }],
      headers: { "X-Org": "acme" }
    })
  })

  it("fails with the core's words and exit 1 on bad input, storing nothing", async () => {
    const result = await cli.run(
      "providers",
      "add",
      "--name",
      "Bad",
      "--type",
      "openai",
      "--base-url",
      "localhost:8000"
    )
    expect(result.code).toBe(1)
    expect(result.stderr).toBe(
      "error: InvalidInput: baseUrl: has no scheme; start it with http:// or https:// (like http://localhost:8000)\n"
    )
    expect(JSON.parse((await cli.run("providers", "list", "--json")).stdout)).toEqual([])
  })

  it("adds an openai-responses provider by type or preset, and names every type when one is wrong", async () => {
    const added = await cli.run(
      "providers",
      "add",
      "--name",
      "Pro",
      "--type",
      "openai-responses",
      "--base-url",
      "https://api.openai.com/v1"
    )
    expect(added).toMatchObject({ code: 0, stdout: "pro\n" })
    expect((await cli.run("providers", "add", "--name", "Codex", "--preset", "openai-responses")).code).toBe(0)
    const table = await cli.run("providers", "list")
    expect(table.stdout).toMatch(/pro\s+Pro\s+OpenAI Responses\s+on/)
    expect(table.stdout).toMatch(/codex\s+Codex\s+OpenAI Responses\s+on\s+none\s+0\s+https:\/\/api\.openai\.com/)

    const wrong = await cli.run("providers", "add", "--name", "X", "--type", "responses", "--base-url", "http://h")
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toContain('"openai", "openai-responses", "gemini", "anthropic", "azure-openai"')
    expect((await cli.run("help")).stdout).toContain(
      "Types: openai, openai-responses, gemini, anthropic, azure-openai."
    )
  })

  it("refuses a duplicate name", async () => {
    await cli.run("providers", "add", "--name", "vLLM", "--preset", "vllm")
    const result = await cli.run("providers", "add", "--name", "VLLM", "--preset", "vllm")
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('A provider named "VLLM" already exists. Choose another name.')
  })

  it("switches providers off and on, and removes them", async () => {
    await cli.run("providers", "add", "--name", "vLLM", "--preset", "vllm")
    expect((await cli.run("providers", "disable", "vllm")).code).toBe(0)
    expect(JSON.parse((await cli.run("providers", "list", "--json")).stdout)[0].enabled).toBe(false)
    expect((await cli.run("providers", "enable", "vllm")).code).toBe(0)
    expect((await cli.run("providers", "remove", "vllm")).code).toBe(0)
    const again = await cli.run("providers", "remove", "vllm")
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('No provider "vllm" exists')
  })

  it("asks for --name", async () => {
    const result = await cli.run("providers", "add", "--preset", "vllm")
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("missing --name")
  })
})
