import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { addProvider, makeTestApp, parseSse, type TestApp } from "../support/TestApp"
import * as FakeProvider from "@switchboard/testing/FakeProvider"

let t: TestApp
let upstream: FakeProvider.FakeProvider
beforeAll(async () => {
  upstream = await FakeProvider.start({ protocol: "openai", models: ["gpt2"] })
})
afterAll(() => upstream.close())
beforeEach(async () => {
  t = makeTestApp()
  upstream.behave({ kind: "answer", pieces: ["Hello"] })
  await addProvider(t, {
    name: "vLLM",
    type: "openai",
    baseUrl: `${upstream.url}/`,
    models: ["gpt2"],
    timeouts: { maxRetries: 0 }
  })
})
afterEach(() => t.dispose())

/** Starts a conversation with `content` and its settings; gives its id. */
const start = async (content: string, settings: Record<string, unknown> = {}) => {
  const res = await t.json("POST", "/api/chat", {
    body: { provider: "vllm", model: "gpt2", messages: [{ role: "user", content }], ...settings }
  })
  return parseSse(res.text)[0]!.data.conversationId as string
}

const messages = async (id: string) =>
  (await t.json("GET", `/api/conversations/${id}`)).body.messages.map((m: { seq: number; content: string }) => [
    m.seq,
    m.content
  ])

/** What the upstream was sent last: roles and texts, and the sampling settings. */
const lastSent = () => {
  const call = upstream.chats().at(-1)!
  const body = call.request.body as { temperature?: number; max_tokens?: number }
  return {
    messages: call.messages.map((m) => [m.role, m.content]),
    temperature: body.temperature,
    maxTokens: body.max_tokens
  }
}

describe("PATCH /api/conversations/:id", () => {
  it("renames and changes the settings later turns use; null removes one", async () => {
    const id = await start("Hi", { systemPrompt: "Be brief.", temperature: 0.4 })
    expect(lastSent()).toMatchObject({
      messages: [
        ["system", "Be brief."],
        ["user", "Hi"]
      ],
      temperature: 0.4
    })
    const res = await t.json("PATCH", `/api/conversations/${id}`, {
      body: { title: "Greetings", temperature: null, maxTokens: 300 }
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ id, title: "Greetings", systemPrompt: "Be brief.", maxTokens: 300 })
    expect(res.body).not.toHaveProperty("temperature")
    expect(res.body).not.toHaveProperty("messages")
    await t.json("POST", "/api/chat", {
      body: { provider: "vllm", model: "gpt2", conversationId: id, messages: [{ role: "user", content: "More" }] }
    })
    const sent = lastSent()
    expect(sent.temperature).toBeUndefined()
    expect(sent.maxTokens).toBe(300)
    expect(sent.messages[0]).toEqual(["system", "Be brief."])
  })

  it.each([
    ["temperature", { temperature: 3 }],
    ["maxTokens", { maxTokens: 0 }],
    ["title", { title: "" }],
    ["systemPrompt", { systemPrompt: "x".repeat(32_001) }],
    ["messages", { messages: [] }]
  ])("refuses a bad %s with a 400 naming it", async (field, body) => {
    const id = await start("Hi")
    const res = await t.json("PATCH", `/api/conversations/${id}`, { body })
    expect(res.status).toBe(400)
    expect(res.body.error).toMatchObject({ code: "invalid_input", field })
  })

  it("answers 404 for an unknown conversation", async () => {
    expect((await t.json("PATCH", "/api/conversations/nope", { body: { title: "x" } })).status).toBe(404)
  })
})

describe("GET /api/conversations?q=", () => {
  it("finds conversations by title and text, and refuses an empty query naming q", async () => {
    const soup = await start("A soup recipe")
    await start("Rust lifetimes")
    const found = await t.json("GET", "/api/conversations?q=SOUP")
    expect(found.body.map((c: { id: string }) => c.id)).toEqual([soup])
    expect((await t.json("GET", "/api/conversations?q=hello")).body).toHaveLength(2)
    expect((await t.json("GET", "/api/conversations")).body).toHaveLength(2)
    const empty = await t.json("GET", "/api/conversations?q=")
    expect(empty.status).toBe(400)
    expect(empty.body.error.field).toBe("q")
  })
})

describe("DELETE /api/conversations/:id/messages/:seq", () => {
  it("deletes one message; a missing one is 404, a bad number 400 naming seq", async () => {
    const id = await start("Hi")
    expect((await t.call("DELETE", `/api/conversations/${id}/messages/2`)).status).toBe(204)
    expect(await messages(id)).toEqual([[1, "Hi"]])
    expect((await t.json("DELETE", `/api/conversations/${id}/messages/2`)).status).toBe(404)
    const bad = await t.json("DELETE", `/api/conversations/${id}/messages/two`)
    expect(bad.status).toBe(400)
    expect(bad.body.error.field).toBe("seq")
  })
})

describe("GET /api/conversations/:id/export", () => {
  it("downloads Markdown by default and JSON on request", async () => {
    const id = await start("Hi", { systemPrompt: "Be brief." })
    const markdown = await t.call("GET", `/api/conversations/${id}/export`)
    expect(markdown.status).toBe(200)
    expect(markdown.headers.get("content-type")).toBe("text/markdown; charset=utf-8")
    expect(markdown.headers.get("content-disposition")).toBe(`attachment; filename="conversation-${id}.md"`)
    const text = await markdown.text()
    expect(text).toContain("# Hi\n")
    expect(text).toContain("## System prompt\n\nBe brief.")
    expect(text).toContain("## Assistant\n\nHello")
    const json = await t.json("GET", `/api/conversations/${id}/export?format=json`)
    expect(json.headers.get("content-disposition")).toBe(`attachment; filename="conversation-${id}.json"`)
    expect(json.body).toEqual((await t.json("GET", `/api/conversations/${id}`)).body)
    const pdf = await t.json("GET", `/api/conversations/${id}/export?format=pdf`)
    expect(pdf.status).toBe(400)
    expect(pdf.body.error.field).toBe("format")
  })
})

describe("POST /api/conversations/:id/retry and /edit", () => {
  it("retry drops a failed answer and streams a new one", async () => {
    upstream.behave({ kind: "status", status: 500, body: { error: { message: "boom" } } })
    const res = await t.json("POST", "/api/chat", {
      body: { provider: "vllm", model: "gpt2", messages: [{ role: "user", content: "Hi" }] }
    })
    expect(res.status).toBe(502)
    const [conversation] = (await t.json("GET", "/api/conversations")).body
    expect(await messages(conversation.id)).toEqual([
      [1, "Hi"],
      [2, ""]
    ])
    upstream.behave({ kind: "answer", pieces: ["Fine"] })
    const retried = await t.json("POST", `/api/conversations/${conversation.id}/retry`)
    expect(retried.status).toBe(200)
    const events = parseSse(retried.text)
    expect(events.map((e) => e.event)).toEqual(["start", "delta", "usage", "done"])
    expect(events[0]!.data.conversationId).toBe(conversation.id)
    expect(await messages(conversation.id)).toEqual([
      [1, "Hi"],
      [2, "Fine"]
    ])
  })

  it("edit replaces a user message, drops what followed and streams the answer", async () => {
    const id = await start("Typo")
    const res = await t.json("POST", `/api/conversations/${id}/edit`, { body: { seq: 1, content: "Fixed" } })
    expect(res.status).toBe(200)
    expect(parseSse(res.text).at(-1)!.event).toBe("done")
    expect(await messages(id)).toEqual([
      [1, "Fixed"],
      [2, "Hello"]
    ])
    expect(lastSent().messages).toEqual([["user", "Fixed"]])
    const answer = await t.json("POST", `/api/conversations/${id}/edit`, { body: { seq: 2, content: "No" } })
    expect(answer.status).toBe(400)
    expect(answer.body.error.field).toBe("seq")
    const empty = await t.json("POST", `/api/conversations/${id}/edit`, { body: { seq: 1, content: "" } })
    expect(empty.body.error.field).toBe("content")
    expect((await t.json("POST", "/api/conversations/nope/retry")).status).toBe(404)
  })
})
