/**
 * `models check`, `models remove-failed`, `models sync` and `catalog update` against a local OpenAI-compatible server
 * that refuses one of two keys, does not know one model, and changes its list between syncs.
 */
import * as OpenAiFrames from "@switchboard/testing/OpenAiFrames"
import { testCatalog } from "@switchboard/testing/TestCatalog"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { at } from "../../../src/runtime/AppLayer"
import { type CommandRunner, commandRunner } from "../../support/runCommand"
import { startUpstream, type Upstream } from "../../support/VllmUpstream"

const keys = ["sk-good-0123456789", "sk-refused-0123456789"]
let upstream: Upstream
let cli: CommandRunner

beforeAll(async () => {
  upstream = await startUpstream({ models: ["gpt-4o", "o3-mini", "unknown-one"], key: keys[0] })
})
afterAll(() => upstream.close())
beforeEach(async () => {
  upstream.reset()
  upstream.behave((chat) =>
    chat.model === "unknown-one"
      ? { kind: "status", status: 404, body: OpenAiFrames.error("The model does not exist") }
      : { kind: "answer", pieces: ["Hi"] }
  )
  cli = commandRunner()
  const added = await cli.run(
    "providers",
    "add",
    "--name",
    "Local",
    "--type",
    "openai",
    "--base-url",
    upstream.url,
    "--key",
    keys[0]!,
    "--key",
    keys[1]!
  )
  expect(added.code).toBe(0)
  expect((await cli.run("models", "add", "local", "gpt-4o", "o3-mini", "unknown-one")).code).toBe(0)
})
afterEach(() => cli.dispose())

describe("switchboard models check", () => {
  it("prints progress on stderr and every result on stdout, exiting 1 when something failed", async () => {
    const checked = await cli.run("models", "check", "local", "--concurrency", "2")
    expect(checked.code).toBe(1)
    expect(checked.stderr).toContain("checking 3 models × 2 keys, 2 at a time")
    expect(checked.stderr).toMatch(/\[6\/6\]/)
    expect(checked.stderr).toContain("2 passed, 4 failed")
    const rows = checked.stdout.trim().split("\n").slice(1)
    expect(rows).toHaveLength(6)
    expect(rows.filter((row) => /\bAuthentication\s+401\b/.test(row))).toHaveLength(3)
    expect(rows.filter((row) => /^unknown-one\b.*\bNotFound\s+404\b/.test(row))).toHaveLength(1)
    expect(checked.stdout + checked.stderr).not.toContain(keys[1])

    const listed = await cli.run("models", "list", "local")
    expect(listed.stdout).toMatch(/gpt-4o\s.*failed 1\/2/)
    const json = JSON.parse((await cli.run("models", "list", "local", "--json")).stdout)
    expect(json[0].facts.contextWindow).toEqual({ value: 128_000, source: "catalog" })
  })

  it("checks one key, and removes the failed models and keys", async () => {
    const one = await cli.run("models", "check", "local", "--key", "1", "--json")
    expect(one.code).toBe(1)
    expect(JSON.parse(one.stdout).checks).toHaveLength(3)
    await cli.run("models", "check", "local")
    const models = await cli.run("models", "remove-failed", "local")
    expect(models).toMatchObject({ code: 0, stderr: "removed 1 model from local: unknown-one\n" })
    const keysRemoved = await cli.run("models", "remove-failed", "local", "--keys")
    expect(keysRemoved.code).toBe(0)
    expect(keysRemoved.stderr).toMatch(/^removed 1 key from local/)
    const provider = JSON.parse((await cli.run("providers", "list", "--json")).stdout)[0]
    expect(provider.apiKeys).toHaveLength(1)
    expect(provider.models.map((m: { id: string }) => m.id)).toEqual(["gpt-4o", "o3-mini"])
  })

  it("refuses a bad concurrency naming it", async () => {
    const bad = await cli.run("models", "check", "local", "--concurrency", "99")
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain("concurrency")
  })
})

describe("switchboard models sync", () => {
  it("prints what the upstream added and dropped, and applies it on request", async () => {
    await cli.run("models", "edit", "local", "o3-mini", "--name", "Mine", "--context-window", "1000")
    upstream.set({ models: ["o3-mini", "gpt-4o-mini"] })
    const synced = await cli.run("models", "sync", "local")
    expect(synced.code).toBe(0)
    expect(synced.stdout).toBe("+ gpt-4o-mini\n- gpt-4o\n- unknown-one\n= o3-mini\n")
    expect(synced.stderr).toContain("1 new upstream (add them: --add-new), 2 no longer offered (marked")
    expect((await cli.run("models", "list", "local")).stdout).toMatch(/gpt-4o\s.*gone upstream/)
    const applied = await cli.run("models", "sync", "local", "--add-new", "--remove-gone", "--json")
    const view = JSON.parse(applied.stdout)
    expect(view.provider.models.map((m: { id: string }) => m.id)).toEqual(["o3-mini", "gpt-4o-mini"])
    expect(view.provider.models[0]).toMatchObject({
      name: "Mine",
      facts: { contextWindow: { value: 1000, source: "user" } }
    })
  })
})

describe("switchboard models edit", () => {
  it("sets limits and prices, and auto gives them back", async () => {
    const edited = await cli.run(
      "models",
      "edit",
      "local",
      "gpt-4o",
      "--max-output",
      "500",
      "--price-input",
      "3",
      "--price-output",
      "12",
      "--currency",
      "EUR"
    )
    expect(edited.code).toBe(0)
    const listed = JSON.parse((await cli.run("models", "list", "local", "--json")).stdout)[0]
    expect(listed.facts.maxOutputTokens).toEqual({ value: 500, source: "user" })
    expect(listed.facts.pricing).toEqual({ value: { currency: "EUR", input: 3, output: 12 }, source: "user" })
    await cli.run("models", "edit", "local", "gpt-4o", "--prices", "auto", "--max-output", "auto")
    const back = JSON.parse((await cli.run("models", "list", "local", "--json")).stdout)[0]
    expect(back.facts.maxOutputTokens.source).toBe("catalog")
    expect(back.facts.pricing).toBeUndefined()
    const bad = await cli.run("models", "edit", "local", "gpt-4o", "--currency", "dollars", "--price-input", "1")
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain("pricing.currency")
  })
})

describe("switchboard chat", () => {
  it("ends its footer with the answer's cost where the model's prices are known", async () => {
    await cli.run(
      "models",
      "edit",
      "local",
      "gpt-4o",
      "--price-input",
      "1000",
      "--price-output",
      "2000",
      "--currency",
      "EUR"
    )
    const answered = await cli.run("chat", "local/gpt-4o", "Hello")
    expect(answered.code).toBe(0)
    // The footer's own token counts, at €1000 and €2000 per million.
    const [, input, output] = /in (\d+) · out (\d+) tokens/.exec(answered.stderr) ?? []
    const cost = (Number(input) * 1000 + Number(output) * 2000) / 1e6
    expect(Number(input)).toBeGreaterThan(0)
    expect(answered.stderr.endsWith(` · €${cost.toFixed(4)}\n`)).toBe(true)
    const free = await cli.run("chat", "local/o3-mini", "Hello")
    expect(free.stderr).not.toContain("€")
  })
})

describe("switchboard catalog update", () => {
  it("refreshes the catalog and fills the stored models again, keeping what the user set", async () => {
    const dir = mkdtempSync(join(tmpdir(), "switchboard-catalog-"))
    const onDisk = commandRunner(at(dir))
    try {
      await onDisk.run(
        "providers",
        "add",
        "--name",
        "Disk",
        "--preset",
        "openai",
        "--model",
        "gpt-4o",
        "--model",
        "o3-mini"
      )
      await onDisk.run("models", "edit", "disk", "gpt-4o", "--context-window", "1000")
      const file = join(dir, "new-catalog.json")
      writeFileSync(
        file,
        JSON.stringify(
          testCatalog([
            { id: "gpt-4o", contextLength: 256_000 },
            { id: "o3-mini", contextLength: 300_000 }
          ])
        )
      )
      const updated = await onDisk.run("catalog", "update", "--from", file)
      expect(updated.code).toBe(0)
      expect(updated.stderr).toContain("catalog updated: 2 models")
      const models = JSON.parse((await onDisk.run("models", "list", "disk", "--json")).stdout)
      expect(models[0].facts.contextWindow).toEqual({ value: 1000, source: "user" })
      expect(models[1].facts.contextWindow).toEqual({ value: 300_000, source: "catalog" })
      const missing = await onDisk.run("catalog", "update", "--from", join(dir, "nope.json"))
      expect(missing.code).toBe(1)
      expect(missing.stderr).toContain("nope.json")
    } finally {
      await onDisk.dispose()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe("the READMEs", () => {
  it("name every models and catalog subcommand the usage lists", async () => {
    const { readFileSync } = await import("node:fs")
    const { commands, usage } = await import("../../../src/cli/Cli")
    const readmes = ["../../../README.md", "../../../../../README.md"]
      .map((path) => readFileSync(new URL(path, import.meta.url), "utf8"))
      .join("\n")
    const listed = [...usage.matchAll(/^ {2}(models|catalog) ([a-z-]+)/gm)].map(
      ([, command, sub]) => `${command} ${sub}`
    )
    expect(listed).toContain("models check")
    expect(listed).toContain("catalog update")
    expect(Object.keys(commands)).toContain("catalog")
    for (const command of listed) expect(readmes).toContain(`switchboard ${command}`)
  })
})
