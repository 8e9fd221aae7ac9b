import type { NewProvider } from "@switchboard/core/domain/ProviderInput"
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest"
import { chat } from "../../src/runtime/Core"
import { keys, renderTui, type Tui, waitUntil } from "../support/renderTui"
import { answerPieces, startUpstream, type Upstream } from "../support/VllmUpstream"

let upstream: Upstream
let tui: Tui | undefined

beforeAll(async () => {
  upstream = await startUpstream()
})
afterAll(() => upstream.close())
afterEach(async () => {
  await tui?.dispose()
  tui = undefined
  upstream.reset()
})

/** The TUI with a local provider (and `more`), on the chat screen. */
const openChat = async (more: ReadonlyArray<NewProvider> = []) => {
  tui = await renderTui({
    providers: [{ name: "Local", type: "openai", baseUrl: upstream.url, models: ["gpt2"] }, ...more]
  })
  await tui.waitFor("Local")
  await tui.press("c")
  await tui.waitFor("Local / gpt2")
  return tui
}

describe("ChatScreen", () => {
  it("offers only enabled providers and their models", async () => {
    const t = await openChat([
      { name: "Off", preset: "ollama", enabled: false, models: ["llama3"] },
      { name: "Other", preset: "lmstudio", models: ["qwen2.5-7b", "phi-4"] }
    ])
    await t.press(keys.ctrl("p"))
    const screen = await t.waitFor("Choose a model")
    expect(screen).toContain("Local / gpt2")
    expect(screen).toContain("Other / qwen2.5-7b")
    expect(screen).toContain("Other / phi-4")
    expect(screen).not.toContain("llama3")
    await t.type("phi")
    await t.waitFor((s) => !s.includes("qwen2.5-7b"))
    await t.press(keys.enter)
    await t.waitFor("Talking to Other / phi-4")
  })

  it("streams the answer and shows tokens in/out, time to first token and speed", async () => {
    const t = await openChat()
    await t.type("Say hello")
    await t.press(keys.enter)
    const screen = await t.waitFor("out 5 tokens")
    expect(screen).toContain("Hello from the test server.")
    expect(screen).toMatch(/in 12 · out 5 tokens · first token \d+ ms · [\d.]+ tok\/s · total \d+ ms/)
    expect(upstream.chats().at(-1)?.messages).toEqual([{ role: "user", content: "Say hello" }])
  })

  it("stops the answer with Esc, keeps the partial text, and the upstream request ends", async () => {
    upstream.behave({ kind: "stall", first: "The first piece" })
    const t = await openChat()
    const before = upstream.stats().aborted
    await t.type("Tell me a long story")
    await t.press(keys.enter)
    await t.waitFor("The first piece▌")
    await t.press(keys.escape)
    await t.waitFor("■ stopped; the partial answer is kept")
    await waitUntil(() => expect(upstream.stats().aborted).toBe(before + 1))
    // Esc again leaves the chat: the answer is over.
    await t.press(keys.escape)
    await t.waitFor("Switchboard · Providers")
  })

  it("says so when stopped before any answer arrived", async () => {
    upstream.behave({ kind: "hang" })
    const t = await openChat()
    await t.type("Hello?")
    await t.press(keys.enter)
    await t.waitFor("waiting for the first token…")
    await t.press(keys.escape)
    const screen = await t.waitFor("■ stopped before any answer arrived")
    expect(screen).not.toContain("partial answer")
  })

  it("shows a failure's reason and what to do, and chat goes on", async () => {
    const t = await openChat([{ name: "Gone", type: "openai", baseUrl: "http://127.0.0.1:9", models: ["ghost"] }])
    await t.press(keys.ctrl("p"))
    await t.type("ghost")
    await t.press(keys.enter)
    await t.type("Anyone there?")
    await t.press(keys.enter)
    const screen = await t.waitFor("Check the base URL and that the server is running and reachable.")
    expect(screen).toContain("✗ Network")
    await t.press(keys.ctrl("p"))
    await t.type("gpt2")
    await t.press(keys.enter)
    await t.type("And you?")
    await t.press(keys.enter)
    await t.waitFor("Hello from the test server.")
  })

  it("lists earlier conversations and reopens one to continue it", async () => {
    const t = await openChat()
    await t.type("First question")
    await t.press(keys.enter)
    await t.waitFor("out 5 tokens")
    await t.press(keys.ctrl("n"))
    await t.waitFor("New conversation")
    expect(t.screen()).not.toContain("First question")
    await t.press(keys.ctrl("o"))
    await t.waitFor("Earlier conversations")
    await t.waitFor(/❯ First question\s+Local \/ gpt2/)
    await t.press(keys.enter)
    await t.waitFor("Reopened “First question”")
    expect(t.screen()).toContain("Hello from the test server.")
    await t.type("Follow-up")
    await t.press(keys.enter)
    await waitUntil(() => expect(upstream.chats().at(-1)?.messages.length).toBe(3))
    expect(
      upstream
        .chats()
        .at(-1)
        ?.messages.map((m) => m.content)
    ).toEqual(["First question", "Hello from the test server.", "Follow-up"])
    const saved = await t.core(chat((c) => c.listConversations))
    expect(saved).toHaveLength(1)
  })

  it("deletes a conversation only after asking", async () => {
    const t = await openChat()
    await t.type("Keep me?")
    await t.press(keys.enter)
    await t.waitFor("out 5 tokens")
    await t.press(keys.ctrl("o"))
    await t.waitFor(/❯ Keep me\?\s+Local \/ gpt2/)
    await t.press(keys.ctrl("d"))
    await t.waitFor("Delete “Keep me?” and its messages? y/n")
    await t.press("n")
    await t.waitFor((screen) => !screen.includes("y/n"))
    expect(await t.core(chat((c) => c.listConversations))).toHaveLength(1)
    await t.press(keys.ctrl("d"))
    await t.waitFor("y/n")
    await t.press("y")
    await t.waitFor("Deleted “Keep me?”")
    expect(await t.core(chat((c) => c.listConversations))).toHaveLength(0)
  })

  it("answers again after a failure, edits and resends a message, deletes one after asking", async () => {
    upstream.behave({ kind: "status", status: 401, body: { error: { message: "Incorrect API key provided" } } })
    const t = await openChat()
    await t.type("First try")
    await t.press(keys.enter)
    await t.waitFor("Incorrect API key provided")
    upstream.behave({ kind: "answer", pieces: answerPieces })
    await t.press(keys.ctrl("r"))
    await t.waitFor("Hello from the test server.")
    await waitUntil(() => expect(t.screen()).not.toContain("Incorrect API key"))
    expect(upstream.chats().at(-1)?.messages).toEqual([{ role: "user", content: "First try" }])
    const stored = async () => {
      const [only] = await t.core(chat((c) => c.listConversations))
      return (await t.core(chat((c) => c.getConversation(only!.id)))).messages.map((m) => m.content)
    }
    await waitUntil(async () => expect(await stored()).toEqual(["First try", "Hello from the test server."]))

    // Pick your message (the answer first, then up), edit it and send it again in its place.
    await t.waitFor("ctrl+k messages")
    await t.press(keys.ctrl("k"))
    await t.waitFor("▶ Local / gpt2")
    await t.press(keys.up)
    await t.waitFor("▶ you")
    await t.press("e")
    await t.waitFor("Editing your message")
    await t.press(keys.ctrl("u"))
    await t.type("Second try")
    await t.press(keys.enter)
    await waitUntil(() => expect(upstream.chats().at(-1)?.messages).toEqual([{ role: "user", content: "Second try" }]))
    await t.waitFor("out 5 tokens")
    await waitUntil(async () => expect(await stored()).toEqual(["Second try", "Hello from the test server."]))
    expect(t.screen()).not.toContain("First try")

    // Copying says where the text went; deleting asks first.
    await t.press(keys.ctrl("k"))
    await t.waitFor("y copy")
    await t.press("y")
    await t.waitFor("Not copied: the output is not a terminal")
    await t.press(keys.ctrl("k"), "d")
    await t.waitFor("Delete this message? y/n")
    await t.press("n")
    await t.waitFor((screen) => !screen.includes("y/n"))
    await t.press(keys.ctrl("k"), "d", "y")
    await t.waitFor("Deleted the message")
    expect(await stored()).toEqual(["Second try"])
  })

  it("starts a conversation with a system prompt, temperature and max tokens, then renames it", async () => {
    const t = await openChat()
    await t.press(keys.ctrl("t"))
    await t.waitFor("Conversation settings")
    await t.type("Answer in French.")
    await t.press(keys.down)
    await t.type("hot")
    await t.press(keys.down)
    await t.type("64")
    await t.press(keys.enter)
    // The core's check, at its field, before anything is sent.
    await t.waitFor("✗ Temperature")
    await t.press(keys.up, keys.ctrl("u"))
    await t.type("0.3")
    await t.press(keys.enter)
    await t.waitFor("Settings kept for the conversation you start next")
    await t.type("Bonjour")
    await t.press(keys.enter)
    await t.waitFor("out 5 tokens")
    const sent = upstream.chats().at(-1)!
    expect(sent.messages).toEqual([
      { role: "system", content: "Answer in French." },
      { role: "user", content: "Bonjour" }
    ])
    expect(sent.request.body).toMatchObject({ temperature: 0.3, max_tokens: 64 })

    // Stored with the conversation, and shown again with its title, which can be changed.
    await t.press(keys.ctrl("t"))
    await t.waitFor(/Title\s+Bonjour/)
    expect(t.screen()).toContain("Answer in French.")
    await t.press(keys.ctrl("u"))
    await t.type("French lesson")
    await t.press(keys.enter)
    await t.waitFor("Saved the settings of “French lesson”")
    const [saved] = await t.core(chat((c) => c.listConversations))
    expect(saved).toMatchObject({
      title: "French lesson",
      systemPrompt: "Answer in French.",
      temperature: 0.3,
      maxTokens: 64
    })
  })

  it("exports the conversation as Markdown or JSON to a new file, saying where", async () => {
    const dir = mkdtempSync(join(tmpdir(), "switchboard-export-"))
    try {
      const t = await openChat()
      await t.type("Export me")
      await t.press(keys.enter)
      await t.waitFor("out 5 tokens")
      await t.press(keys.ctrl("x"))
      await t.waitFor("Export to export-me.md")
      await t.press(keys.ctrl("u"))
      await t.type(join(dir, "chat.md"))
      await t.press(keys.enter)
      await t.waitFor(`Exported “Export me” as Markdown to ${join(dir, "chat.md")}`)
      const markdown = readFileSync(join(dir, "chat.md"), "utf8")
      expect(markdown).toContain("Export me")
      expect(markdown).toContain("Hello from the test server.")
      // Never over an existing file: the prompt stays, saying why.
      await t.press(keys.ctrl("x"), keys.ctrl("u"))
      await t.type(join(dir, "chat.md"))
      await t.press(keys.enter)
      await t.waitFor("exists already; type another name")
      await t.press(keys.ctrl("u"))
      await t.type(join(dir, "chat.json"))
      await t.press(keys.enter)
      await t.waitFor("as JSON to")
      expect(JSON.parse(readFileSync(join(dir, "chat.json"), "utf8"))).toMatchObject({ title: "Export me" })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it("attaches an image for a vision model, sends it as an image part, and names it in the transcript", async () => {
    const dir = mkdtempSync(join(tmpdir(), "switchboard-image-"))
    const png = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82])
    writeFileSync(join(dir, "cat.png"), png)
    writeFileSync(join(dir, "notes.png"), "not an image")
    try {
      const t = await openChat([{ name: "Eyes", type: "openai", baseUrl: upstream.url, models: ["llava-v1.6"] }])
      // gpt2 takes no images: said before any file is read.
      await t.press(keys.ctrl("f"))
      await t.type(join(dir, "cat.png"))
      await t.press(keys.enter)
      await t.waitFor("gpt2 does not take images")
      await t.press(keys.escape, keys.ctrl("p"))
      await t.type("llava")
      await t.press(keys.enter)
      await t.waitFor("Talking to Eyes / llava-v1.6")
      await t.press(keys.ctrl("f"))
      await t.type(join(dir, "notes.png"))
      await t.press(keys.enter)
      await t.waitFor("is not a PNG, JPEG, GIF or WebP image")
      await t.press(keys.ctrl("u"))
      await t.type(join(dir, "cat.png"))
      await t.press(keys.enter)
      await t.waitFor("[image: cat.png] · ctrl+l removes")
      await t.type("What is this?")
      await t.press(keys.enter)
      await t.waitFor("out 5 tokens")
      const sent = JSON.stringify(upstream.chats().at(-1)?.messages)
      expect(sent).toContain(`data:image/png;base64,${png.toString("base64")}`)
      expect(sent).toContain("What is this?")
      // Read back from the store, the image keeps its name this session.
      await waitUntil(() => expect(t.screen()).toMatch(/you\s+\[image: cat\.png\]\s+What is this\?/))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it("renders a fast stream in batches, not once per token", async () => {
    // About a token per millisecond, each in its own network write: hundreds of tokens per second.
    upstream.behave({ kind: "slow", pieces: Array.from({ length: 600 }, (_, i) => `t${i} `), delayMs: 1 })
    const t = await openChat()
    await t.type("Go fast")
    await t.press(keys.enter)
    const start = t.commits.count
    const startedAt = performance.now()
    // 600 paced writes take well over 5 s on a loaded machine; what this test measures is renders, not time.
    await t.waitFor("out 600 tokens", 15_000)
    const renders = t.commits.count - start
    const tookMs = performance.now() - startedAt
    expect(t.screen()).toContain("t599")
    // A render per token would be 600 or more; batches come at most every 40 ms, so the renders follow the clock (a
    // few more for the turn's start and end), however long a busy machine makes the stream take.
    expect(renders).toBeLessThan(600)
    expect(renders).toBeLessThan(tookMs / 40 + 20)
  })

  it("keeps a long answer inside 80×24 with the composer visible", async () => {
    upstream.behave({ kind: "answer", pieces: Array.from({ length: 80 }, (_, i) => `line ${i}\n`) })
    const t = await openChat()
    await t.type("Many lines")
    await t.press(keys.enter)
    const screen = await t.waitFor("out 80 tokens")
    const lines = screen.split("\n")
    expect(lines.length).toBeLessThanOrEqual(24)
    expect(screen).toContain("line 79")
    expect(screen).not.toContain("line 10\n")
    expect(lines.some((l) => l.startsWith("› "))).toBe(true)
    await t.press(keys.pageUp)
    await t.waitFor("more lines (PgDn)")
  })
})
