import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { type CommandRunner, commandRunner } from "../support/runCommand"

let cli: CommandRunner
beforeEach(() => {
  cli = commandRunner()
})
afterEach(() => cli.dispose())

describe("runCli", () => {
  it("prints the usage for --help and exits 0", async () => {
    const result = await cli.run("--help")
    expect(result.code).toBe(0)
    expect(result.stdout).toContain("providers add --name <name>")
    expect(result.stdout).toContain('chat <provider>/<model> "prompt"')
  })

  it("exits 2 with the usage on stderr for an unknown command", async () => {
    const result = await cli.run("frobnicate")
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('error: unknown command "frobnicate"')
    expect(result.stdout).toBe("")
  })

  it("exits 2 naming an unknown option", async () => {
    const result = await cli.run("providers", "add", "--name", "x", "--bse-url", "http://x")
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("unknown option '--bse-url'")
  })

  it("exits 2 naming a missing argument", async () => {
    const result = await cli.run("models", "add")
    expect(result.code).toBe(2)
    expect(result.stderr).toContain("error: missing provider id")
  })
})
