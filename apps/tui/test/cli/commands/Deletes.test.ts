/**
 * Every CLI delete asks first when a person is at the terminal, as the TUI and the dashboard do; `--yes` skips the
 * question, and a script (no terminal, so no `confirm`) is never asked.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { type CommandRunner, commandRunner } from "../../support/runCommand"

let cli: CommandRunner
beforeEach(async () => {
  cli = commandRunner()
  await cli.run("providers", "add", "--name", "Local", "--preset", "vllm", "--model", "gpt2", "--model", "gpt3")
})
afterEach(() => cli.dispose())

const providerIds = async () =>
  (JSON.parse((await cli.run("providers", "list", "--json")).stdout) as Array<{ id: string }>).map((p) => p.id)
const modelIds = async () =>
  (JSON.parse((await cli.run("models", "list", "local", "--json")).stdout) as Array<{ id: string }>).map((m) => m.id)

describe("CLI deletes", () => {
  it("keep everything when the person says no, and exit 1", async () => {
    const kept = await cli.runAnswering(false, ["providers", "remove", "local"])
    expect(kept).toMatchObject({ code: 1, asked: ["Delete provider local, its keys and models?"] })
    expect(kept.stderr).toContain("nothing deleted")
    const model = await cli.runAnswering(false, ["models", "remove", "local", "gpt2"])
    expect(model).toMatchObject({ code: 1, asked: ["Delete model gpt2 from local?"] })
    const failed = await cli.runAnswering(false, ["models", "remove-failed", "local"])
    expect(failed.asked).toEqual(["Delete the models of local that failed their last check?"])
    expect(await providerIds()).toEqual(["local"])
    expect(await modelIds()).toEqual(["gpt2", "gpt3"])
  })

  it("delete when the person says yes", async () => {
    expect(await cli.runAnswering(true, ["models", "remove", "local", "gpt2"])).toMatchObject({ code: 0 })
    expect(await modelIds()).toEqual(["gpt3"])
    expect(await cli.runAnswering(true, ["providers", "remove", "local"])).toMatchObject({ code: 0 })
    expect(await providerIds()).toEqual([])
  })

  it("do not ask with --yes, nor in a script", async () => {
    const skipped = await cli.runAnswering(false, ["models", "remove", "local", "gpt2", "--yes"])
    expect(skipped).toMatchObject({ code: 0, asked: [] })
    expect(await cli.run("providers", "remove", "local")).toMatchObject({ code: 0 })
    expect(await providerIds()).toEqual([])
  })

  it("ask before deleting a conversation", async () => {
    const conversation = "no-such-conversation"
    const kept = await cli.runAnswering(false, ["conversations", "delete", conversation])
    expect(kept).toMatchObject({ code: 1, asked: [`Delete conversation ${conversation}?`] })
    // Answered yes, the delete runs and reports the core's own verdict.
    const tried = await cli.runAnswering(true, ["conversations", "delete", conversation])
    expect(tried.code).toBe(1)
    expect(tried.stderr).toContain("NotFound")
  })
})
