/**
 * The fake provider speaks each protocol the way the real adapters read it: its model list, a streamed answer in the
 * protocol's frames, a complete answer, its 401 for a wrong key, and behaviours switched between requests.
 */
import { describe, expect, it } from "vitest"
import * as FakeProvider from "../src/FakeProvider"
import { schemaErrors } from "../src/SpecSchema"

const chat: Readonly<Record<FakeProvider.Protocol, { path: string; headers: Record<string, string> }>> = {
  openai: { path: "/v1/chat/completions", headers: { authorization: "Bearer k" } },
  responses: { path: "/v1/responses", headers: { authorization: "Bearer k" } },
  azure: {
    path: "/openai/deployments/test-model/chat/completions?api-version=2024-10-21",
    headers: { "api-key": "k" }
  },
  anthropic: { path: "/v1/messages", headers: { "x-api-key": "k" } },
  gemini: { path: "/v1beta/models/test-model:streamGenerateContent?alt=sse", headers: { "x-goog-api-key": "k" } }
}
const modelsPath = {
  openai: "/v1/models",
  responses: "/v1/models",
  azure: "/openai/models",
  anthropic: "/v1/models",
  gemini: "/v1beta/models"
}
const body = JSON.stringify({ model: "test-model", stream: true, messages: [{ role: "user", content: "hi" }] })

describe.each(["openai", "responses", "azure", "anthropic", "gemini"] as const)("FakeProvider (%s)", (protocol) => {
  it("lists models, streams the answer's pieces, and refuses a wrong key with 401", async () => {
    const provider = await FakeProvider.start({
      protocol,
      key: "k",
      behaviour: { kind: "answer", pieces: ["Hel", "lo"] }
    })
    try {
      const { path, headers } = chat[protocol]
      const models = await fetch(`${provider.url}${modelsPath[protocol]}`, { headers })
      expect(JSON.stringify(await models.json())).toContain("test-model")
      const streamed = await (await fetch(`${provider.url}${path}`, { method: "POST", headers, body })).text()
      expect(streamed).toMatch(/"Hel"[\s\S]*"lo"/)
      expect(provider.chats().at(-1)).toMatchObject({ model: "test-model", stream: true })
      const refused = await fetch(`${provider.url}${path}`, { method: "POST", headers: {}, body })
      expect(refused.status).toBe(401)
      provider.behave({ kind: "status", status: 429, body: { error: { message: "slow down" } } })
      expect((await fetch(`${provider.url}${path}`, { method: "POST", headers, body })).status).toBe(429)
    } finally {
      await provider.close()
    }
  })
})

describe("FakeProvider (openai, complete answers)", () => {
  it("answers a request without stream with one chat.completion holding the whole text and usage", async () => {
    const provider = await FakeProvider.start({ promptTokens: 11, behaviour: { kind: "answer", pieces: ["a", "b"] } })
    try {
      const response = await fetch(`${provider.url}/v1/chat/completions`, {
        method: "POST",
        body: JSON.stringify({ model: "m", messages: [] })
      })
      expect(await response.json()).toMatchObject({
        object: "chat.completion",
        model: "m",
        choices: [{ message: { content: "ab" } }],
        usage: { prompt_tokens: 11, completion_tokens: 2 }
      })
    } finally {
      await provider.close()
    }
  })
})

/** The spec's schema of each event the fake sends (members of `ResponseStreamEvent`). */
const eventSchemas: Readonly<Record<string, string>> = {
  "response.created": "ResponseCreatedEvent",
  "response.in_progress": "ResponseInProgressEvent",
  "response.output_item.added": "ResponseOutputItemAddedEvent",
  "response.output_item.done": "ResponseOutputItemDoneEvent",
  "response.reasoning_summary_part.added": "ResponseReasoningSummaryPartAddedEvent",
  "response.reasoning_summary_part.done": "ResponseReasoningSummaryPartDoneEvent",
  "response.reasoning_summary_text.delta": "ResponseReasoningSummaryTextDeltaEvent",
  "response.reasoning_summary_text.done": "ResponseReasoningSummaryTextDoneEvent",
  "response.content_part.added": "ResponseContentPartAddedEvent",
  "response.content_part.done": "ResponseContentPartDoneEvent",
  "response.output_text.delta": "ResponseTextDeltaEvent",
  "response.output_text.done": "ResponseTextDoneEvent",
  "response.function_call_arguments.delta": "ResponseFunctionCallArgumentsDeltaEvent",
  "response.function_call_arguments.done": "ResponseFunctionCallArgumentsDoneEvent",
  "response.completed": "ResponseCompletedEvent"
}

describe("FakeProvider (responses)", () => {
  const answer: FakeProvider.Behaviour = {
    kind: "answer",
    pieces: ["It is", " sunny"],
    reasoning: "Look it up.",
    toolCalls: [{ id: "call_1", name: "weather", arguments: '{"city":"Paris"}' }]
  }
  const ask = (provider: FakeProvider.FakeProvider, stream: boolean) =>
    fetch(`${provider.url}/v1/responses`, {
      method: "POST",
      body: JSON.stringify({ model: "m", input: "Weather?", stream })
    })

  it("streams events the spec's ResponseStreamEvent accepts, each named by its event line, numbered in order", async () => {
    const provider = await FakeProvider.start({ protocol: "responses", behaviour: answer })
    try {
      const text = await (await ask(provider, true)).text()
      const events = text
        .split("\n\n")
        .filter((frame) => frame !== "")
        .map((frame) => {
          const [eventLine, dataLine] = frame.split("\n")
          return { name: eventLine!.slice("event: ".length), data: JSON.parse(dataLine!.slice("data: ".length)) }
        })
      for (const { name, data } of events) {
        expect(data.type).toBe(name)
        // Against the event's own schema: the union's errors would list every other event's too.
        expect(schemaErrors("openai", eventSchemas[name]!, data), name).toEqual([])
      }
      expect(events.map((event) => event.data.sequence_number)).toEqual(events.map((_, index) => index))
      const types = events.map((event) => event.name)
      expect(types[0]).toBe("response.created")
      expect(types.at(-1)).toBe("response.completed")
      expect(types).toContain("response.reasoning_summary_text.delta")
      expect(types.filter((type) => type === "response.output_text.delta")).toHaveLength(2)
      expect(types.filter((type) => type === "response.function_call_arguments.delta")).toHaveLength(2)
      expect(provider.chats()[0]).toMatchObject({
        model: "m",
        stream: true,
        messages: [{ role: "user", content: "Weather?" }]
      })
    } finally {
      await provider.close()
    }
  })

  it("answers stream: false with one response the spec's Response accepts", async () => {
    const provider = await FakeProvider.start({ protocol: "responses", behaviour: answer, promptTokens: 11 })
    try {
      const body = await (await ask(provider, false)).json()
      expect(schemaErrors("openai", "Response", body)).toEqual([])
      expect(body).toMatchObject({
        status: "completed",
        output: [
          { type: "reasoning", summary: [{ text: "Look it up." }] },
          { type: "message", content: [{ text: "It is sunny" }] },
          { type: "function_call", call_id: "call_1", name: "weather", arguments: '{"city":"Paris"}' }
        ],
        usage: { input_tokens: 11, output_tokens: 2 }
      })
    } finally {
      await provider.close()
    }
  })
})
