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
    const missing = await cli.run("chat", "local/gpt2")
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain("missing the prompt")
    expect((await cli.runWith("  \n", ["chat", "local/gpt2"])).code).toBe(2)
    expect((await cli.run("chat", "gpt2", "Hi")).stderr).toContain("name the model as <provider>/<model>")
  })

  it("reads the prompt piped to standard input when none is given", async () => {
    const result = await cli.runWith("What is 2+2?\nShow the steps.\n", ["chat", "local/gpt2"])
    expect(result.code).toBe(0)
    expect(result.stdout).toBe("Hello from the test server.\n")
    expect(upstream.chats().at(-1)?.messages).toEqual([{ role: "user", content: "What is 2+2?\nShow the steps." }])
    // A prompt argument wins over the pipe.
    await cli.runWith("ignored", ["chat", "local/gpt2", "Typed"])
    expect(upstream.chats().at(-1)?.messages).toEqual([{ role: "user", content: "Typed" }])
  })

  it("keeps --system, --temperature and --max-tokens with the conversation for its later turns", async () => {
    const first = await cli.run(
      "chat",
      "local/gpt2",
      "--system",
      "Be brief.",
      "--temperature",
      "0.3",
      "--max-tokens",
      "64",
      "Hi"
    )
    expect(first.code).toBe(0)
    const id = /conversation (\S+)/.exec(first.stderr)?.[1]
    await cli.run("chat", "local/gpt2", "--conversation", id!, "Again")
    const sent = upstream.chats().at(-1)!
    expect(sent.messages[0]).toEqual({ role: "system", content: "Be brief." })
    expect(sent.request.body).toMatchObject({ temperature: 0.3, max_tokens: 64 })
    const shown = JSON.parse((await cli.run("conversations", "show", id!, "--json")).stdout)
    expect(shown).toMatchObject({ systemPrompt: "Be brief.", temperature: 0.3, maxTokens: 64 })
  })

  it.each([
    ["--temperature", "3", "temperature"],
    ["--temperature", "warm", "temperature"],
    ["--max-tokens", "0", "maxTokens"]
  ])("exits 1 for %s %s, naming the field", async (option, value, field) => {
    const result = await cli.run("chat", "local/gpt2", option, value, "Hi")
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`${field}: `)
  })
})
