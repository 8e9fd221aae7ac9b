import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { type CommandRunner, commandRunner } from "../../support/runCommand"
import { startUpstream, type Upstream } from "../../support/VllmUpstream"

let cli: CommandRunner
let upstream: Upstream
let dir: string
beforeAll(async () => {
  upstream = await startUpstream()
})
afterAll(() => upstream.close())
beforeEach(async () => {
  cli = commandRunner()
  dir = mkdtempSync(join(tmpdir(), "switchboard-export-"))
  await cli.run(
    "providers",
    "add",
    "--name",
    "Local",
    "--type",
    "openai",
    "--base-url",
    upstream.url,
    "--model",
    "gpt2"
  )
})
afterEach(async () => {
  rmSync(dir, { recursive: true, force: true })
  await cli.dispose()
})

/** Chats `prompt` in a new conversation; gives its id. */
const start = async (prompt: string) => {
  const result = await cli.run("chat", "local/gpt2", prompt)
  return /conversation (\S+)/.exec(result.stderr)![1]!
}

describe("switchboard conversations", () => {
  it("lists, searches by title and text, and lines up titles in any script", async () => {
    const soup = await start("模型 soup recipe")
    await start("Rust lifetimes")
    const all = await cli.run("conversations", "list")
    expect(all.stdout.trimEnd().split("\n")).toHaveLength(3)
    const found = await cli.run("conversations", "list", "--search", "SOUP", "--json")
    expect(JSON.parse(found.stdout).map((c: { id: string }) => c.id)).toEqual([soup])
    expect((await cli.run("conversations", "list", "--search", "test server")).stdout.split("\n")).toHaveLength(4)
    expect((await cli.run("conversations", "list", "--search", "nowhere")).stdout).toBe(
      'No conversation mentions "nowhere".\n'
    )
    const empty = await cli.run("conversations", "list", "--search", "")
    expect(empty.code).toBe(1)
    expect(empty.stderr).toContain("q: must not be empty")
  })

  it("shows a transcript as Markdown or JSON, and exports it to stdout or a file", async () => {
    const id = await start("Say hello")
    const shown = await cli.run("conversations", "show", id)
    expect(shown.code).toBe(0)
    expect(shown.stdout).toContain("# Say hello\n")
    expect(shown.stdout).toContain("## User\n\nSay hello\n\n## Assistant\n\nHello from the test server.")
    expect(JSON.parse((await cli.run("conversations", "show", id, "--json")).stdout)).toMatchObject({
      id,
      messages: [{ role: "user" }, { role: "assistant" }]
    })
    expect((await cli.run("conversations", "export", id)).stdout).toBe(shown.stdout)
    const file = join(dir, "chat.json")
    const exported = await cli.run("conversations", "export", id, "--format", "json", "--out", file)
    expect(exported).toMatchObject({ code: 0, stdout: "", stderr: `wrote ${file}\n` })
    expect(JSON.parse(readFileSync(file, "utf8")).id).toBe(id)
    const pdf = await cli.run("conversations", "export", id, "--format", "pdf")
    expect(pdf.code).toBe(1)
    expect(pdf.stderr).toContain("format: ")
    const unwritable = await cli.run("conversations", "export", id, "--out", join(dir, "missing", "x.md"))
    expect(unwritable.code).toBe(1)
    expect(unwritable.stderr).toContain("could not write")
  })

  it("renames and deletes without asking; an unknown id exits 1", async () => {
    const id = await start("Old title")
    expect((await cli.run("conversations", "rename", id, "New", "title")).stderr).toBe(`renamed ${id} to "New title"\n`)
    expect(JSON.parse((await cli.run("conversations", "list", "--json")).stdout)[0].title).toBe("New title")
    expect((await cli.run("conversations", "rename", id)).code).toBe(2)
    expect(await cli.run("conversations", "delete", id)).toMatchObject({ code: 0, stderr: `deleted ${id}\n` })
    expect(JSON.parse((await cli.run("conversations", "list", "--json")).stdout)).toEqual([])
    expect((await cli.run("conversations", "delete", id)).code).toBe(1)
    expect((await cli.run("conversations", "show", id)).code).toBe(1)
    expect((await cli.run("conversations", "frobnicate")).code).toBe(2)
  })
})
