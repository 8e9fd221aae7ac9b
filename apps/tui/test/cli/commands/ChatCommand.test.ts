import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { type CommandRunner, commandRunner } from "../../support/runCommand"
import { startUpstream, type Upstream } from "../../support/VllmUpstream"

let cli: CommandRunner
let upstream: Upstream
beforeAll(async () => {
  upstream = await startUpstream()
})
afterAll(() => upstream.close())
beforeEach(async () => {
  cli = commandRunner()
  await cli.run("providers", "add", "--name", "Local", "--type", "openai", "--base-url", upstream.url)
  await cli.run("models", "add", "local", "gpt2", "meta-llama/Llama-3.1-8B-Instruct")
})
afterEach(() => {
  upstream.reset()
  return cli.dispose()
})

describe("switchboard chat", () => {
  it("streams the answer to stdout and the timing to stderr", async () => {
    const result = await cli.run("chat", "local/gpt2", "Say hello")
    expect(result.code).toBe(0)
    expect(result.stdout).toBe("Hello from the test server.\n")
    expect(result.stderr).toMatch(/in 12 · out 5 tokens · first token \d+ ms · [\d.]+ tok\/s · total \d+ ms/)
    expect(upstream.chats().at(-1)).toMatchObject({ model: "gpt2", messages: [{ role: "user", content: "Say hello" }] })
  })

  it("takes a model id with slashes after the provider id", async () => {
    const result = await cli.run("chat", "local/meta-llama/Llama-3.1-8B-Instruct", "Hi")
    expect(result.code).toBe(0)
    expect(upstream.chats().at(-1)?.model).toBe("meta-llama/Llama-3.1-8B-Instruct")
  })

  it("continues a saved conversation", async () => {
    const first = await cli.run("chat", "local/gpt2", "First")
    const id = /conversation (\S+)/.exec(first.stderr)?.[1]
    expect(id).toBeDefined()
    await cli.run("chat", "local/gpt2", "--conversation", id!, "Second")
    expect(
      upstream
        .chats()
        .at(-1)
        ?.messages.map((m) => m.content)
    ).toEqual(["First", "Hello from the test server.", "Second"])
    const listed = await cli.run("conversations", "list", "--json")
    expect(JSON.parse(listed.stdout)).toMatchObject([{ id, title: "First", provider: "local", model: "gpt2" }])
  })

  it("exits 1 with the reason for a disabled provider or an unknown model", async () => {
    const unknown = await cli.run("chat", "local/gpt-9", "Hi")
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('Provider "local" has no model "gpt-9". Add it to the provider\'s models first.')
    await cli.run("providers", "disable", "local")
    const disabled = await cli.run("chat", "local/gpt2", "Hi")
    expect(disabled.code).toBe(1)
    expect(disabled.stderr).toContain("is disabled. Enable it to use its models.")
  })

  it("exits 1 with the provider's reason when the server is gone", async () => {
    await cli.run(
      "providers",
      "add",
      "--name",
      "Gone",
      "--type",
      "openai",
      "--base-url",
      "http://127.0.0.1:9",
      "--model",
      "x"
    )
    const result = await cli.run("chat", "gone/x", "Hi")
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/^error: Network.*Check the base URL/m)
  })

  it("exits 2 without a prompt or with a bad target", async () => {
    expect((await cli.run("chat", "local/gpt2")).code).toBe(2)
    expect((await cli.run("chat", "gpt2", "Hi")).stderr).toContain("name the model as <provider>/<model>")
  })
})
