/**
 * The fake provider speaks each protocol the way the real adapters read it: its model list, a streamed answer in the
 * protocol's frames, a complete answer, its 401 for a wrong key, and behaviours switched between requests.
 */
import { describe, expect, it } from "vitest"
import * as FakeProvider from "../src/FakeProvider"

const chat: Readonly<Record<FakeProvider.Protocol, { path: string; headers: Record<string, string> }>> = {
  openai: { path: "/v1/chat/completions", headers: { authorization: "Bearer k" } },
  azure: {
    path: "/openai/deployments/test-model/chat/completions?api-version=2024-10-21",
    headers: { "api-key": "k" }
  },
  anthropic: { path: "/v1/messages", headers: { "x-api-key": "k" } },
  gemini: { path: "/v1beta/models/test-model:streamGenerateContent?alt=sse", headers: { "x-goog-api-key": "k" } }
}
const modelsPath = { openai: "/v1/models", azure: "/openai/models", anthropic: "/v1/models", gemini: "/v1beta/models" }
const body = JSON.stringify({ model: "test-model", stream: true, messages: [{ role: "user", content: "hi" }] })

describe.each(["openai", "azure", "anthropic", "gemini"] as const)("FakeProvider (%s)", (protocol) => {
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
