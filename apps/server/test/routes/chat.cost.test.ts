/** The cost of an answer on `/api/chat`'s `done` event and in the stored answer, where the model's prices are known. */
import * as FakeProvider from "@switchboard/testing/FakeProvider"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { addProvider, makeTestApp, parseSse } from "../support/TestApp"

let upstream: FakeProvider.FakeProvider
const t = makeTestApp()

beforeAll(async () => {
  upstream = await FakeProvider.start({ protocol: "openai", models: ["gpt2"], promptTokens: 1_200 })
  upstream.behave({ kind: "answer", pieces: ["Hello", " world", "!"] })
  await addProvider(t, { name: "Priced", type: "openai", baseUrl: upstream.url, models: ["gpt2", "free"] })
})

afterAll(async () => {
  await upstream.close()
  await t.dispose()
})

const ask = (model: string) =>
  t.json("POST", "/api/chat", { body: { provider: "priced", model, messages: [{ role: "user", content: "Hi" }] } })

describe("an answer's cost", () => {
  it("is on the done event and in the stored answer, from the model's prices", async () => {
    const priced = await t.json("PATCH", "/api/providers/priced/models/gpt2", {
      body: { pricing: { currency: "EUR", input: 2.5, output: 10 } }
    })
    expect(priced.status).toBe(200)
    const events = parseSse((await ask("gpt2")).text)
    const done = events.at(-1)!
    expect(done.event).toBe("done")
    expect(done.data.usage).toEqual({ inputTokens: 1_200, outputTokens: 3 })
    expect(done.data.cost.currency).toBe("EUR")
    expect(done.data.cost.amount).toBeCloseTo((1_200 * 2.5 + 3 * 10) / 1e6, 12)
    const conversation = await t.json("GET", `/api/conversations/${events[0]!.data.conversationId}`)
    expect(conversation.body.messages.at(-1).meta.cost).toEqual(done.data.cost)
  })

  it("is absent when the model has no prices", async () => {
    const done = parseSse((await ask("free")).text).at(-1)!
    expect(done.event).toBe("done")
    expect(done.data.cost).toBeUndefined()
  })
})
