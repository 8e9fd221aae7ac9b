import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { live } from "../../../src/runtime/AppLayer"
import { commandRunner } from "../../support/runCommand"

// The command reads the data directory from the environment, as the real `switchboard` does.
let dir: string
const saved = { dataDir: process.env.SWITCHBOARD_DATA_DIR, masterKey: process.env.SWITCHBOARD_MASTER_KEY }
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "switchboard-keys-"))
  process.env.SWITCHBOARD_DATA_DIR = dir
  delete process.env.SWITCHBOARD_MASTER_KEY
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
  for (const [name, value] of [
    ["SWITCHBOARD_DATA_DIR", saved.dataDir],
    ["SWITCHBOARD_MASTER_KEY", saved.masterKey]
  ] as const) {
    if (value === undefined) delete process.env[name]
    else process.env[name] = value
  }
})

/** One `switchboard …` run on the data directory, with its own core (a fresh process, as from a shell). */
const run = async (...args: ReadonlyArray<string>) => {
  const cli = commandRunner(live)
  try {
    return await cli.run(...args)
  } finally {
    await cli.dispose()
  }
}

describe("switchboard keys forget-unreadable", () => {
  it("after master.key is lost: the start refuses, the command lists then drops the unreadable keys", async () => {
    const added = await run(
      "providers",
      "add",
      "--name",
      "Keyed",
      "--type",
      "openai",
      "--base-url",
      "http://127.0.0.1:9",
      "--key",
      "sk-keyed-000000000000"
    )
    expect(added.code).toBe(0)
    rmSync(join(dir, "master.key"))

    const refused = await run("providers", "list")
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain("is not the one the API keys in this database were sealed with")
    expect(refused.stderr).toContain("switchboard keys forget-unreadable --yes")

    const listed = await run("keys", "forget-unreadable")
    expect(listed.code).toBe(0)
    expect(listed.stdout).toContain("Keyed (keyed): keys")
    expect(listed.stdout).toContain("run again with --yes")
    expect((await run("providers", "list")).code).toBe(1)

    const dropped = await run("keys", "forget-unreadable", "--yes")
    expect(dropped.code).toBe(0)
    expect(dropped.stdout).toContain("Forgot what the master key could not read")
    const after = await run("providers", "list", "--json")
    expect(after.code).toBe(0)
    expect(JSON.parse(after.stdout)).toMatchObject([{ id: "keyed", apiKeys: [] }])
  })

  it("refuses an unknown action", async () => {
    expect((await run("keys", "forget-everything")).code).toBe(2)
  })
})
