/**
 * `POST /api/chat` with more than text: tool calls stream as their own events and are kept in the conversation, so a
 * tool result sent in the next turn meets its call; images are kept too, within their size limit, and sent again
 * with the history.
 */
import { maxMediaBytes } from "@switchboard/core/domain/ChatRequest"
import * as FakeProvider from "@switchboard/testing/FakeProvider"
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest"
import { addProvider, makeTestApp, parseSse, type TestApp } from "../support/TestApp"
import { toolModel } from "../support/ToolModel"

const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
const weather = {
  name: "weather",
  description: "The weather in a city",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] }
}

let t: TestApp
let upstream: FakeProvider.FakeProvider
beforeAll(async () => {
  upstream = await FakeProvider.start({ protocol: "anthropic", models: ["claude"] })
})
afterAll(() => upstream.close())
beforeEach(async () => {
  t = makeTestApp()
  upstream.behave(toolModel({ arguments: { city: "Paris" }, object: {} }))
  await addProvider(t, {
    name: "Claude",
    type: "anthropic",
    baseUrl: upstream.url,
    models: ["claude"],
    timeouts: { maxRetries: 0 }
  })
})
afterEach(() => t.dispose())

const ask = (body: Record<string, unknown>) =>
  t.json("POST", "/api/chat", { body: { provider: "claude", model: "claude", ...body } })

const conversation = async (id: string) =>
  (await t.json("GET", `/api/conversations/${id}`)).body as {
    messages: Array<{ role: string; content: string; parts?: Array<Record<string, unknown>> }>
  }

describe("POST /api/chat with tools", () => {
  it("streams the call as tool-call events, keeps it, and takes its result in the next turn", async () => {
    const first = await ask({ messages: [{ role: "user", content: "Weather in Paris?" }], tools: [weather] })
    expect(first.status).toBe(200)
    const events = parseSse(first.text)
    expect(events.map((e) => e.event)).toEqual([
      "start",
      "tool-call",
      "tool-call-delta",
      "tool-call-delta",
      "tool-call-end",
      "usage",
      "done"
    ])
    const call = events[1]!.data as { index: number; id: string; name: string }
    expect(call).toMatchObject({ index: 0, name: "weather" })
    const args = events
      .filter((e) => e.event === "tool-call-delta")
      .map((e) => (e.data as { arguments: string }).arguments)
      .join("")
    expect(JSON.parse(args)).toEqual({ city: "Paris" })
    expect(events.at(-1)!.data).toMatchObject({ finishReason: "tool_calls" })

    const conversationId = (events[0]!.data as { conversationId: string }).conversationId
    const stored = await conversation(conversationId)
    expect(stored.messages.at(-1)!.parts).toEqual([
      { type: "tool-call", id: call.id, name: "weather", arguments: args }
    ])

    const second = await ask({
      conversationId,
      tools: [weather],
      messages: [{ role: "tool", content: [{ type: "tool-result", callId: call.id, content: '{"celsius":21}' }] }]
    })
    const answer = parseSse(second.text)
      .filter((e) => e.event === "delta")
      .map((e) => (e.data as { text: string }).text)
      .join("")
    expect(answer).toBe('The tool said: {"celsius":21}')
    const sent = upstream.lastRequest().body as { messages: Array<{ role: string; content: unknown }> }
    expect(sent.messages.map((m) => m.role)).toEqual(["user", "assistant", "user"])
    expect(JSON.stringify(sent.messages[1])).toContain(`"tool_use"`)
    expect(JSON.stringify(sent.messages[2])).toContain(`"tool_use_id":"${call.id}"`)
  })
})

describe("POST /api/chat with images", () => {
  const withImage = (data: string) => [
    {
      role: "user",
      content: [
        { type: "text", text: "What is this?" },
        { type: "image", source: { type: "base64", mediaType: "image/png", data } }
      ]
    }
  ]

  it("keeps an image in the conversation and sends it again with the history", async () => {
    const first = await ask({ messages: withImage(png) })
    expect(parseSse(first.text).at(-1)!.event).toBe("done")
    const conversationId = (parseSse(first.text)[0]!.data as { conversationId: string }).conversationId
    const stored = await conversation(conversationId)
    expect(stored.messages[0]).toMatchObject({
      role: "user",
      content: "What is this?",
      parts: withImage(png)[0]!.content
    })
    await ask({ conversationId, messages: [{ role: "user", content: "And now?" }] })
    expect(JSON.stringify(upstream.lastRequest().body)).toContain(png)
  })

  it(`refuses an image over ${maxMediaBytes / 2 ** 20} MiB, naming it, and stores nothing`, async () => {
    const tooLarge = "A".repeat(Math.ceil(maxMediaBytes / 3) * 4 + 4)
    const refused = await ask({ messages: withImage(tooLarge) })
    expect(refused.status).toBe(400)
    expect(refused.body).toMatchObject({ error: { field: "messages[0].content[1].source.data" } })
    expect((await t.json("GET", "/api/conversations")).body).toEqual([])
  })
})
