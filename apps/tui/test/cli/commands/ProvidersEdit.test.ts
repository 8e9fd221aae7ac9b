import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { type CommandRunner, commandRunner } from "../../support/runCommand"

let cli: CommandRunner
beforeEach(async () => {
  cli = commandRunner()
  await cli.run(
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
    "--key",
    "sk-work-key-0000000000000002",
    "--header",
    "X-Org: acme"
  )
})
afterEach(() => cli.dispose())

const view = async (id = "work") =>
  JSON.parse((await cli.run("providers", "list", "--json")).stdout).find((p: { id: string }) => p.id === id)

describe("switchboard providers add --id", () => {
  it("takes the id the user chose, and refuses a taken or malformed one naming the field", async () => {
    const added = await cli.run("providers", "add", "--name", "模型", "--id", "cn-models", "--preset", "vllm")
    expect(added).toMatchObject({ code: 0, stdout: "cn-models\n" })
    const taken = await cli.run("providers", "add", "--name", "Other", "--id", "cn-models", "--preset", "vllm")
    expect(taken.code).toBe(1)
    expect(taken.stderr).toContain('A provider with the id "cn-models" already exists')
    const bad = await cli.run("providers", "add", "--name", "Other", "--id", "Bad Id", "--preset", "vllm")
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain("id: must be lowercase ASCII letters and digits")
    // Without --id, the name is transliterated.
    expect((await cli.run("providers", "add", "--name", "大模型", "--preset", "ollama")).stdout).toBe("da-mo-xing\n")
  })
})

describe("switchboard providers edit", () => {
  it("renames, moves the base URL, sets timeouts and headers, keeping what it does not name", async () => {
    const result = await cli.run(
      "providers",
      "edit",
      "work",
      "--name",
      "Work (EU)",
      "--base-url",
      "https://eu.api.openai.com",
      "--header",
      "X-Team: ml",
      "--remove-header",
      "x-org",
      "--first-byte-ms",
      "30000",
      "--max-retries",
      "1"
    )
    expect(result).toMatchObject({ code: 0, stdout: "", stderr: "changed Work (EU) (work)\n" })
    const after = await view()
    expect(after).toMatchObject({
      name: "Work (EU)",
      baseUrl: "https://eu.api.openai.com",
      headers: { "X-Team": "ml" },
      timeouts: { firstByteMs: 30_000, maxRetries: 1 }
    })
    expect(after.headers).not.toHaveProperty("X-Org")
    expect(after.apiKeys.map((k: { masked: string }) => k.masked)).toEqual(["sk-…0001", "sk-…0002"])
  })

  it("adds, removes and replaces keys named by place, id or masked form, never printing one", async () => {
    const [first] = (await view()).apiKeys
    const result = await cli.run(
      "providers",
      "edit",
      "work",
      "--remove-key",
      "sk-…0002",
      "--replace-key",
      `${first.id}=sk-work-key-0000000000000003`,
      "--add-key",
      "sk-work-key-0000000000000004",
      "--json"
    )
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).apiKeys.map((k: { masked: string }) => k.masked)).toEqual(["sk-…0003", "sk-…0004"])
    expect(result.stdout + result.stderr).not.toContain("sk-work-key")
    expect((await cli.run("providers", "edit", "work", "--remove-key", "1")).code).toBe(0)
    expect((await view()).apiKeys.map((k: { masked: string }) => k.masked)).toEqual(["sk-…0004"])
    const unknown = await cli.run("providers", "edit", "work", "--remove-key", "7")
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('no key "7": name a key by its place (1…1), id or masked form')
  })

  it.each([
    [["--api-version", "banana"], "apiVersion: must be Azure's api-version"],
    [["--base-url", "localhost:8000"], "baseUrl: "],
    [["--idle-ms", "soon"], "timeouts.idleMs: "],
    [["--add-key", "sk-work-key-0000000000000001"], "apiKeys[2]: is the same key as apiKeys[0]"]
  ])("refuses %j with exit 1 naming the field, changing nothing", async (options, message) => {
    const before = await view()
    const result = await cli.run("providers", "edit", "work", ...options)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(message)
    expect(await view()).toEqual(before)
  })

  it("exits 2 with nothing to change, and 1 for an unknown provider", async () => {
    expect((await cli.run("providers", "edit", "work")).stderr).toContain("nothing to change")
    expect((await cli.run("providers", "edit", "ghost", "--name", "X")).code).toBe(1)
  })
})
