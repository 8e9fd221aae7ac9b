import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { at } from "../../src/runtime/AppLayer"
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
    expect(result.stdout).toContain('chat <provider>/<model> ["prompt"]')
    for (const command of [
      "providers edit <provider>",
      "models edit <provider> <model-id>",
      "conversations show <id>",
      "conversations export <id>",
      "conversations rename <id>",
      "conversations delete <id>",
      "--temperature",
      "--max-tokens",
      "reads it from standard input"
    ])
      expect(result.stdout).toContain(command)
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

  it("exits 1 saying what to check when the data directory cannot be used", async () => {
    const dir = mkdtempSync(join(tmpdir(), "switchboard-cli-"))
    const file = join(dir, "not-a-directory")
    writeFileSync(file, "")
    const broken = commandRunner(at(join(file, "data")))
    try {
      const result = await broken.run("providers", "list")
      expect(result.code).toBe(1)
      expect(result.stderr).toMatch(/^error: StorageError: Storage failed while trying to create the data directory/)
      expect(result.stderr).toContain("Check the data directory's disk space and permissions.")
    } finally {
      await broken.dispose()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it("keeps what the commands store in the data directory", async () => {
    const dir = mkdtempSync(join(tmpdir(), "switchboard-cli-"))
    const first = commandRunner(at(dir))
    const second = commandRunner(at(dir))
    try {
      expect(
        (
          await first.run(
            "providers",
            "add",
            "--name",
            "vLLM",
            "--preset",
            "vllm",
            "--key",
            "sk-stored-000000000000001"
          )
        ).code
      ).toBe(0)
      await first.dispose()
      const listed = await second.run("providers", "list", "--json")
      expect(JSON.parse(listed.stdout)).toMatchObject([
        { id: "vllm", apiKeys: [{ id: expect.any(String), masked: "sk-…0001" }] }
      ])
    } finally {
      await second.dispose()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
