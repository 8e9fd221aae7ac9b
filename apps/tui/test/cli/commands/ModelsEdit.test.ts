import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { type CommandRunner, commandRunner } from "../../support/runCommand"

let cli: CommandRunner
beforeEach(async () => {
  cli = commandRunner()
  await cli.run("providers", "add", "--name", "Local", "--preset", "vllm", "--model", "gpt2")
})
afterEach(() => cli.dispose())

const model = async () => JSON.parse((await cli.run("models", "list", "local", "--json")).stdout)[0]

describe("switchboard models edit", () => {
  it("changes the name, group and capability overrides; auto goes back to the inferred value", async () => {
    const result = await cli.run(
      "models",
      "edit",
      "local",
      "gpt2",
      "--name",
      "GPT-2 模型",
      "--group",
      "small",
      "--capability",
      "vision=on",
      "--capability",
      "tools=off"
    )
    expect(result).toMatchObject({ code: 0, stderr: "changed gpt2 of local\n" })
    expect(await model()).toMatchObject({
      name: "GPT-2 模型",
      group: "small",
      capabilities: { vision: true, tools: false },
      overrides: { vision: true, tools: false }
    })
    await cli.run("models", "edit", "local", "gpt2", "--capability", "vision=auto")
    expect((await model()).overrides).toEqual({ tools: false })
    // The table lines up a CJK name.
    expect((await cli.run("models", "list", "local")).stdout).toMatch(/^gpt2 {2}GPT-2 模型 {2}small/m)
  })

  it("refuses a bad capability naming it, an unknown model, and a command without changes", async () => {
    const unknown = await cli.run("models", "edit", "local", "gpt2", "--capability", "audio=on")
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain("capabilities.audio")
    expect((await cli.run("models", "edit", "local", "gpt2", "--capability", "vision")).code).toBe(2)
    expect((await cli.run("models", "edit", "local", "gpt-9", "--name", "x")).code).toBe(1)
    expect((await cli.run("models", "edit", "local", "gpt2")).stderr).toContain("nothing to change")
  })

  it("removes a model without asking", async () => {
    const removed = await cli.run("models", "remove", "local", "gpt2")
    expect(removed).toMatchObject({ code: 0, stderr: "removed gpt2 from local\n" })
    expect(JSON.parse((await cli.run("models", "list", "local", "--json")).stdout)).toEqual([])
  })
})
