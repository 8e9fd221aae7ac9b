/**
 * The Azure OpenAI adapter against a real local server: every recorded Azure file replayed, the exact requests for
 * the deployment API and the `v1` API, Azure's error bodies (content policy, missing deployment, its 401 wording,
 * `retry-after-ms`), content-filter stops and cancellation.
 */
import { describe, expect, it } from "@effect/vitest"
import { type ChatMessage, ChatRequest, textMessage } from "@switchboard/core/domain/ChatRequest"
import { Effect, Fiber, Stream } from "effect"
import * as AzureAdapter from "../../src/azure/AzureAdapter"
import { expectedFromCompletion, expectedFromStream } from "../openai/Expected"
import { collect, errorOf, joined, ofTag } from "../support/Chat"
import { chatRequest, HttpClientLive, provider, target } from "../support/Fixtures"
import { framingOf, recordedFiles, recordedJson } from "@switchboard/testing/Recorded"
import * as Answers from "@switchboard/testing/Answers"
import * as FakeUpstream from "@switchboard/testing/FakeUpstream"
import { toolRoundTrip } from "../openai/RichRequests"

const key = "0123456789abcdef0123456789abcdef"
const deploymentPath = (name: string) => `/openai/deployments/${name}/chat/completions`

const setup = (options: { readonly apiVersion?: string } = {}) =>
  Effect.gen(function* () {
    const server = yield* FakeUpstream.make
    const adapter = yield* AzureAdapter.make
    const azure = provider({
      type: "azure-openai",
      baseUrl: server.url,
      ...(options.apiVersion === undefined ? {} : { apiVersion: options.apiVersion })
    })
    return { server, adapter, target: target(azure, key) }
  })

const chunk = (choices: ReadonlyArray<object>, extra: object = {}) =>
  `data: ${JSON.stringify({ object: "chat.completion.chunk", choices, ...extra })}\n\n`

describe("recorded Azure files through AzureAdapter", () => {
  it("covers every recorded file of azure/", () => {
    expect(recordedFiles("azure")).toEqual(["azure/azure-model-router.1.chunks.txt", "azure/chat_completions.json"])
  })

  it.scopedLive("azure/azure-model-router.1.chunks.txt: prompt_filter_results chunk, text, usage, stop", () =>
    Effect.gen(function* () {
      const file = "azure/azure-model-router.1.chunks.txt"
      const expected = expectedFromStream(file)
      const { server, adapter, target } = yield* setup()
      server.route("POST", deploymentPath("model-router"), Answers.replay(file, framingOf(file)))
      const outcome = yield* collect(adapter.streamChat(target, chatRequest("model-router")))
      expect(outcome.error._tag).toBe("None")
      expect(joined(outcome.events)).toBe(expected.text)
      expect(expected.text.length).toBeGreaterThan(0)
      expect(ofTag(outcome.events, "Usage").map(({ _tag, ...counts }) => counts)).toEqual([expected.usage])
      // The model router's reasoning share, and the answer's id and model from the first chunk that names them (the
      // prompt filter's chunk before it has empty ones).
      expect(ofTag(outcome.events, "Usage")[0]).toMatchObject({
        inputTokens: 15,
        outputTokens: 78,
        reasoningTokens: 64
      })
      expect(outcome.events[0]).toMatchObject({
        _tag: "ResponseMetadata",
        id: "chatcmpl-CYPS1lijGoK8gd9lYzY3r9Sx50nbt",
        model: "gpt-5-nano-2025-08-07"
      })
      expect(ofTag(outcome.events, "ResponseMetadata")).toHaveLength(1)
      expect(outcome.events.at(-1)).toMatchObject({ _tag: "Finish", reason: expected.finish, raw: expected.finish })
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("azure/chat_completions.json: the spec example's request is what we send; its 200 body is read", () =>
    Effect.gen(function* () {
      const file = "azure/chat_completions.json"
      const example = recordedJson(file) as {
        parameters: {
          "api-version": string
          "deployment-id": string
          body: { messages: Array<{ role: "system" | "user"; content: string }> }
        }
        responses: { "200": { body: unknown } }
      }
      const { parameters } = example
      const { server, adapter, target } = yield* setup({ apiVersion: parameters["api-version"] })
      server.fallback(Answers.json(200, example.responses["200"].body))
      const request = new ChatRequest({
        model: parameters["deployment-id"],
        messages: parameters.body.messages.map((m) => textMessage(m.role, m.content)) as [
          ChatMessage,
          ...Array<ChatMessage>
        ]
      })
      const outcome = yield* collect(adapter.streamChat(target, request))
      const sent = server.lastRequest()
      expect(sent.path).toBe(deploymentPath(encodeURIComponent(parameters["deployment-id"])))
      expect(sent.query.get("api-version")).toBe(parameters["api-version"])
      expect(sent.body).toEqual({ ...parameters.body, stream: true, stream_options: { include_usage: true } })
      const expected = expectedFromCompletion(file, (json) => (json as typeof example).responses["200"].body)
      expect(joined(outcome.events)).toBe(expected.text)
      expect(ofTag(outcome.events, "Usage")[0]).toMatchObject(expected.usage ?? {})
      expect(outcome.events.at(-1)).toMatchObject({ _tag: "Finish", reason: expected.finish })
    }).pipe(Effect.provide(HttpClientLive))
  )
})

describe("AzureAdapter request shape", () => {
  it.scopedLive("deployment API: api-key header, api-version query, deployment in the path, no model in the body", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup()
      server.route(
        "POST",
        deploymentPath("my-gpt4o"),
        Answers.sse(`${chunk([{ index: 0, delta: {}, finish_reason: "stop" }])}data: [DONE]\n\n`)
      )
      server.route(
        "GET",
        "/openai/models",
        Answers.json(200, { object: "list", data: [{ id: "gpt-4o", object: "model" }] })
      )
      yield* Stream.runDrain(adapter.streamChat(target, chatRequest("my-gpt4o", { maxTokens: 8 })))
      const models = yield* adapter.listModels(target)
      const [chat, list] = server.requests()
      expect(chat?.headers["api-key"]).toBe(key)
      expect(chat?.headers).not.toHaveProperty("authorization")
      expect(chat?.query.get("api-version")).toBe("2024-10-21")
      expect(chat?.body).not.toHaveProperty("model")
      expect(chat?.body).toMatchObject({ max_tokens: 8, stream: true })
      expect(list?.url).toBe("/openai/models?api-version=2024-10-21")
      expect(list?.headers["api-key"]).toBe(key)
      expect(models.map((m) => m.id)).toEqual(["gpt-4o"])
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("v1 API: /openai/v1/… without api-version, the model in the body", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup({ apiVersion: "v1" })
      server.route(
        "POST",
        "/openai/v1/chat/completions",
        Answers.sse(`${chunk([{ index: 0, delta: { content: "ok" }, finish_reason: "stop" }])}data: [DONE]\n\n`)
      )
      server.route("GET", "/openai/v1/models", Answers.json(200, { data: [{ id: "gpt-4.1" }] }))
      const events = yield* Stream.runCollect(adapter.streamChat(target, chatRequest("gpt-4.1")))
      const models = yield* adapter.listModels(target)
      const [chat] = server.requests()
      expect(chat?.url).toBe("/openai/v1/chat/completions")
      expect(chat?.headers["api-key"]).toBe(key)
      expect(chat?.body).toMatchObject({ model: "gpt-4.1" })
      expect(joined([...events])).toBe("ok")
      expect(models.map((m) => m.id)).toEqual(["gpt-4.1"])
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("a deployment gets tools and a tool round trip without a model in the body", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup()
      server.route(
        "POST",
        deploymentPath("my-gpt4o"),
        Answers.sse(`${chunk([{ index: 0, delta: {}, finish_reason: "stop" }])}data: [DONE]\n\n`)
      )
      yield* collect(adapter.streamChat(target, toolRoundTrip("my-gpt4o")))
      const body = server.lastRequest().body as Record<string, unknown>
      expect(body).not.toHaveProperty("model")
      expect(body).toMatchObject({
        tools: [{ type: "function", function: { name: "get_weather" } }],
        tool_choice: "auto",
        messages: [
          { role: "user" },
          { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function" }] },
          { role: "tool", tool_call_id: "call_1" },
          { role: "assistant", content: "It is 21 °C." },
          { role: "user" }
        ]
      })
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("a streamed tool call from Azure is read as OpenAI's", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup()
      const call = (fragment: object) => chunk([{ index: 0, delta: { tool_calls: [fragment] }, finish_reason: null }])
      server.route(
        "POST",
        deploymentPath("my-gpt4o"),
        Answers.sse(
          `${chunk([], { id: "", model: "", prompt_filter_results: [] })}${call({ index: 0, id: "call_z", type: "function", function: { name: "lookup", arguments: "" } })}${call({ index: 0, function: { arguments: '{"q":' } })}${call({ index: 0, function: { arguments: '"x"}' } })}${chunk([{ index: 0, delta: {}, finish_reason: "tool_calls" }])}data: [DONE]\n\n`
        )
      )
      const outcome = yield* collect(adapter.streamChat(target, toolRoundTrip("my-gpt4o")))
      expect(outcome.error._tag).toBe("None")
      expect(outcome.events.map((event) => event._tag)).toEqual([
        "ToolCallStart",
        "ToolCallDelta",
        "ToolCallDelta",
        "ToolCallEnd",
        "Finish"
      ])
      expect(ofTag(outcome.events, "ToolCallStart")[0]).toMatchObject({ index: 0, id: "call_z", name: "lookup" })
      expect(
        ofTag(outcome.events, "ToolCallDelta")
          .map((delta) => delta.arguments)
          .join("")
      ).toBe('{"q":"x"}')
      expect(outcome.events.at(-1)).toMatchObject({ reason: "tool_calls" })
    }).pipe(Effect.provide(HttpClientLive))
  )
})

describe("AzureAdapter faults and filters", () => {
  const policyMessage =
    "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry."
  const cases = [
    {
      name: "a content-policy 400 (innererror ResponsibleAIPolicyViolation)",
      status: 400,
      reason: "InvalidRequest",
      body: {
        error: {
          message: policyMessage,
          type: null,
          param: "prompt",
          code: "content_filter",
          status: 400,
          innererror: {
            code: "ResponsibleAIPolicyViolation",
            content_filter_result: { hate: { filtered: true, severity: "high" } }
          }
        }
      },
      detail: policyMessage
    },
    {
      name: "a missing deployment",
      status: 404,
      reason: "NotFound",
      body: { error: { code: "DeploymentNotFound", message: "The API deployment for this resource does not exist." } },
      detail: "The API deployment for this resource does not exist."
    },
    {
      name: "a wrong key",
      status: 401,
      reason: "Authentication",
      body: { error: { code: "401", message: `Access denied due to invalid subscription key ${key}.` } },
      detail: "Access denied due to invalid subscription key [redacted]."
    }
  ] as const
  for (const { name, status, reason, body, detail } of cases) {
    it.scopedLive(`${name} is ${reason} with Azure's message`, () =>
      Effect.gen(function* () {
        const { server, adapter, target } = yield* setup()
        server.route("POST", deploymentPath("gpt"), Answers.json(status, body))
        const error = errorOf(yield* collect(adapter.streamChat(target, chatRequest("gpt"))))
        expect(error).toMatchObject({ reason, status, detail })
        expect(error.url).toBe(`${server.url}${deploymentPath("gpt")}?api-version=2024-10-21`)
        expect(error.message).not.toContain(key)
      }).pipe(Effect.provide(HttpClientLive))
    )
  }

  it.scopedLive("429 honours retry-after-ms", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup()
      server.route(
        "POST",
        deploymentPath("gpt"),
        Answers.json(
          429,
          {
            error: {
              code: "429",
              message: "Requests to the ChatCompletions_Create Operation have exceeded the call rate limit."
            }
          },
          {
            "retry-after-ms": "1500",
            "retry-after": "2"
          }
        )
      )
      const error = errorOf(yield* collect(adapter.streamChat(target, chatRequest("gpt"))))
      expect(error).toMatchObject({ reason: "RateLimit", status: 429, retryAfterMs: 1500 })
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("a content-filter stop keeps the text and ends with Finish content_filter", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup()
      const filtered = { hate: { filtered: true, severity: "medium" } }
      server.route(
        "POST",
        deploymentPath("gpt"),
        Answers.sse(
          chunk([], { prompt_filter_results: [{ prompt_index: 0, content_filter_results: {} }] }) +
            chunk([{ index: 0, delta: { content: "Once upon" }, finish_reason: null, content_filter_results: {} }]) +
            chunk([{ index: 0, delta: {}, finish_reason: "content_filter", content_filter_results: filtered }]) +
            "data: [DONE]\n\n"
        )
      )
      const outcome = yield* collect(adapter.streamChat(target, chatRequest("gpt")))
      expect(outcome.error._tag).toBe("None")
      expect(joined(outcome.events)).toBe("Once upon")
      expect(outcome.events.at(-1)).toMatchObject({ _tag: "Finish", reason: "content_filter", raw: "content_filter" })
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("a content-policy error event inside the stream is InvalidRequest after the text", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup()
      const event = {
        error: { code: "content_filter", message: policyMessage, innererror: { code: "ResponsibleAIPolicyViolation" } }
      }
      server.route(
        "POST",
        deploymentPath("gpt"),
        Answers.sse(`${chunk([{ index: 0, delta: { content: "Sure" } }])}data: ${JSON.stringify(event)}\n\n`)
      )
      const outcome = yield* collect(adapter.streamChat(target, chatRequest("gpt")))
      expect(joined(outcome.events)).toBe("Sure")
      expect(errorOf(outcome)).toMatchObject({ reason: "InvalidRequest", detail: policyMessage })
    }).pipe(Effect.provide(HttpClientLive))
  )

  it.scopedLive("interrupting the consumer closes the upstream connection", () =>
    Effect.gen(function* () {
      const { server, adapter, target } = yield* setup()
      server.route("POST", deploymentPath("gpt"), Answers.hang)
      const fiber = yield* Effect.fork(Stream.runDrain(adapter.streamChat(target, chatRequest("gpt"))))
      yield* server.awaitRequests(1)
      yield* Fiber.interrupt(fiber)
      yield* server.awaitAborted(1).pipe(Effect.timeout("3 seconds"))
    }).pipe(Effect.provide(HttpClientLive))
  )
})
