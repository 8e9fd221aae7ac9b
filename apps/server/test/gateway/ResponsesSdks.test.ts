/**
 * `POST /v1/responses` driven by the official `openai` SDK (`responses.create`, `responses.stream`) and the Vercel AI
 * SDK's default OpenAI model (`@ai-sdk/openai`, which calls `/v1/responses`), unchanged, over a real socket, through a
 * function call and its result, against an OpenAI-compatible, an Azure, an Anthropic, a Gemini and an
 * `openai-responses` upstream. The last is relayed; the others are translated both ways, and every answer and stream
 * event must be what OpenAI's own spec describes. The upstream is a scripted model (`ToolModel`) that answers what the
 * request it got asks, so each case checks the translation, not a canned reply.
 */
import { createOpenAI } from "@ai-sdk/openai"
import * as FakeProvider from "@switchboard/testing/FakeProvider"
import { schemaErrors } from "@switchboard/testing/SpecSchema"
import { generateText, jsonSchema, stepCountIs, streamText, tool } from "ai"
import OpenAI from "openai"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type RealServer, startRealServer } from "../support/RealServer"
import { type Json, parseSse } from "../support/TestApp"
import { toolModel } from "../support/ToolModel"

const weatherArguments = { city: "Paris" }
const weatherParameters = {
  type: "object" as const,
  properties: { city: { type: "string" as const, description: "The city" } },
  required: ["city"],
  additionalProperties: false
}
const weatherTool: OpenAI.Responses.FunctionTool = {
  type: "function",
  name: "weather",
  description: "The weather in a city",
  parameters: weatherParameters,
  strict: true
}

const setups = [
  { protocol: "openai", type: "openai", provider: "local-vllm", model: "meta-llama/Llama-3.1-8B-Instruct" },
  { protocol: "azure", type: "azure-openai", provider: "azure", model: "gpt-4o-deployment" },
  { protocol: "anthropic", type: "anthropic", provider: "claude", model: "claude-sonnet-4-5" },
  { protocol: "gemini", type: "gemini", provider: "gemini", model: "gemini-2.5-flash" },
  { protocol: "responses", type: "openai-responses", provider: "openai", model: "gpt-5-mini" }
] as const

let server: RealServer
let client: OpenAI
const upstreams: Partial<Record<FakeProvider.Protocol, FakeProvider.FakeProvider>> = {}
const upstreamOf = (protocol: FakeProvider.Protocol) => upstreams[protocol]!

beforeAll(async () => {
  server = await startRealServer()
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: server.token, maxRetries: 0 })
  for (const setup of setups) {
    const upstream = await FakeProvider.start({ protocol: setup.protocol, models: [setup.model] })
    upstream.behave(toolModel({ arguments: weatherArguments, object: {} }))
    upstreams[setup.protocol] = upstream
    const res = await server.api("POST", "/api/providers", {
      name: setup.provider,
      type: setup.type,
      baseUrl: upstream.url,
      apiKeys: [`key-${setup.protocol}-0123456789`],
      models: [setup.model],
      timeouts: { maxRetries: 0 }
    })
    expect(res.status).toBe(201)
  }
})

afterAll(async () => {
  await server.shutdown()
  for (const upstream of Object.values(upstreams)) await upstream.close()
})

/** The upstream's chat requests since `from`. */
const chatsSince = (protocol: FakeProvider.Protocol, from: number) => upstreamOf(protocol).chats().slice(from)

/**
 * Whether an upstream request sent the model's call back: by its id (Gemini's calls have none, so by the function
 * call part that names the tool).
 */
const sendsCall = (protocol: FakeProvider.Protocol, chat: FakeProvider.ChatCall, callId: string) =>
  JSON.stringify(chat.request.body).includes(protocol === "gemini" ? '"functionCall":{"name":"weather"' : callId)

/** An answer's output sent back as input, as OpenAI's guides do (the SDK's types tell output and input apart). */
const asInput = (output: ReadonlyArray<unknown>) => output as Array<OpenAI.Responses.ResponseInputItem>

const expectResponse = (response: unknown) => expect(schemaErrors("openai", "Response", response)).toEqual([])

const expectEvents = (events: ReadonlyArray<Json>) => {
  for (const event of events) expect(schemaErrors("openai", "ResponseStreamEvent", event), event.type).toEqual([])
  const numbers = events.map((event) => event.sequence_number)
  expect(numbers).toEqual([...numbers].sort((a, b) => a - b))
}

describe.each(setups)("through the $protocol provider", ({ protocol, provider, model }) => {
  const id = `${provider}/${model}`
  const relayed = protocol === "responses"

  describe("the openai SDK", () => {
    it("responses.create: a call, its output sent back, and the answer", async () => {
      const from = upstreamOf(protocol).chats().length
      const question: OpenAI.Responses.ResponseInput = [{ role: "user", content: "Weather in Paris?" }]
      const first = await client.responses.create({
        model: id,
        instructions: "Be brief.",
        input: question,
        tools: [weatherTool]
      })
      expectResponse(first)
      expect(first.status).toBe("completed")
      const calls = first.output.filter((item) => item.type === "function_call")
      expect(calls.map((call) => [call.name, JSON.parse(call.arguments)])).toEqual([["weather", weatherArguments]])
      const second = await client.responses.create({
        model: id,
        instructions: "Be brief.",
        input: [
          ...question,
          ...asInput(first.output),
          { type: "function_call_output", call_id: calls[0]!.call_id, output: '{"celsius":21}' }
        ],
        tools: [weatherTool]
      })
      expectResponse(second)
      expect(second.output_text).toBe('The tool said: {"celsius":21}')
      expect(second.usage).toMatchObject({ input_tokens: 7, output_tokens: 2 })
      // A translated answer names the model as the client did; a relayed one is the upstream's own.
      expect(second.model).toBe(relayed ? model : id)
      const sent = chatsSince(protocol, from)
      expect(sent).toHaveLength(2)
      expect(sendsCall(protocol, sent[1]!, calls[0]!.call_id)).toBe(true)
    })

    it("responses.stream: spec events through a call and its answer", async () => {
      const first = client.responses.stream({ model: id, input: "Weather in Paris?", tools: [weatherTool] })
      const firstEvents: Array<Json> = []
      for await (const event of first) firstEvents.push(event)
      expectEvents(firstEvents)
      const called = await first.finalResponse()
      const call = called.output.find((item) => item.type === "function_call")
      expect(call && [call.name, JSON.parse(call.arguments)]).toEqual(["weather", weatherArguments])
      expect(firstEvents.map((event) => event.type)).toContain("response.function_call_arguments.done")

      const second = client.responses.stream({
        model: id,
        input: [
          { role: "user", content: "Weather in Paris?" },
          ...asInput(called.output),
          { type: "function_call_output", call_id: call!.call_id, output: '{"celsius":21}' }
        ],
        tools: [weatherTool]
      })
      const events: Array<Json> = []
      let text = ""
      for await (const event of second) {
        events.push(event)
        if (event.type === "response.output_text.delta") text += event.delta
      }
      expectEvents(events)
      expect(text).toBe('The tool said: {"celsius":21}')
      expect(events[0]!.type).toBe("response.created")
      expect(events.at(-1)).toMatchObject({ type: "response.completed", response: { status: "completed" } })
      expectResponse(events.at(-1)!.response)
      expect((await second.finalResponse()).output_text).toBe(text)
    })
  })

  describe("the Vercel AI SDK's default OpenAI model", () => {
    /** The bodies the SDK sent, recorded on their way (nothing else changed). */
    const asked: Array<Json> = []
    const recorded: typeof fetch = (url, init) => {
      asked.push(JSON.parse(String(init?.body)))
      return fetch(url, init)
    }
    const openai = () => createOpenAI({ baseURL: `${server.url}/v1`, apiKey: server.token, fetch: recorded })
    const weather = tool({
      description: "The weather in a city",
      inputSchema: jsonSchema<{ city: string }>(weatherParameters),
      execute: async ({ city }) => ({ city, celsius: 21 })
    })

    it("generateText runs a tool in two steps", async () => {
      const from = upstreamOf(protocol).chats().length
      const result = await generateText({
        model: openai()(id),
        prompt: "Weather in Paris?",
        tools: { weather },
        stopWhen: stepCountIs(2),
        maxRetries: 0
      })
      expect(result.steps).toHaveLength(2)
      const [call] = result.steps[0]!.toolCalls
      expect([call?.toolName, call?.input]).toEqual(["weather", weatherArguments])
      expect(result.text).toBe('The tool said: {"city":"Paris","celsius":21}')
      expect(result.finishReason).toBe("stop")
      // The SDK's second step refers to the call by the id the first answer gave it; the upstream got the call.
      expect(asked.at(-1).input).toContainEqual({ type: "item_reference", id: expect.stringMatching(/^fc_/) })
      const sent = chatsSince(protocol, from)
      expect(sent).toHaveLength(2)
      expect(sendsCall(protocol, sent[1]!, call!.toolCallId)).toBe(true)
    })

    it("streamText runs a tool in two steps, streamed", async () => {
      const from = upstreamOf(protocol).chats().length
      const result = streamText({
        model: openai()(id),
        prompt: "Weather in Paris?",
        tools: { weather },
        stopWhen: stepCountIs(2),
        maxRetries: 0
      })
      let text = ""
      for await (const piece of result.textStream) text += piece
      expect(text).toBe('The tool said: {"city":"Paris","celsius":21}')
      expect((await result.steps).map((step) => step.finishReason)).toEqual(["tool-calls", "stop"])
      // A streamed call was written whole at its end, so its id carries it too.
      expect(asked.at(-1).input).toContainEqual({ type: "item_reference", id: expect.stringMatching(/^fc_/) })
      expect(await result.totalUsage).toMatchObject({ inputTokens: 14 })
      expect(chatsSince(protocol, from).map((chat) => chat.stream)).toEqual([true, true])
    })
  })
})

describe("text.format", () => {
  const person = { name: "Ada", born: 1815 }
  const personSchema = {
    type: "object",
    properties: { name: { type: "string" }, born: { type: "integer" } },
    required: ["name", "born"],
    additionalProperties: false
  }

  // The scripted Anthropic and Gemini models answer JSON when asked for it their way (a forced tool, a MIME type).
  it.each(["claude/claude-sonnet-4-5", "gemini/gemini-2.5-flash"])(
    "json_schema answers JSON text (%s)",
    async (model) => {
      const protocol = model.startsWith("claude") ? "anthropic" : "gemini"
      upstreamOf(protocol).behave(toolModel({ arguments: weatherArguments, object: person }))
      try {
        const response = await client.responses.create({
          model,
          input: "Who wrote the first program?",
          text: { format: { type: "json_schema", name: "person", schema: personSchema, strict: true } }
        })
        expectResponse(response)
        expect(JSON.parse(response.output_text)).toEqual(person)
        expect(response.text?.format).toMatchObject({ type: "json_schema", name: "person" })
      } finally {
        upstreamOf(protocol).behave(toolModel({ arguments: weatherArguments, object: {} }))
      }
    }
  )
})

describe("the Vercel AI SDK's streamed text before a call", () => {
  /** The scripted model, saying something before it calls the tool. */
  const talkative = (chat: FakeProvider.ChatCall): FakeProvider.Behaviour => {
    const answer = toolModel({ arguments: weatherArguments, object: {} })(chat)
    return answer.kind === "answer" && answer.toolCalls !== undefined
      ? { ...answer, pieces: ["Let me check."] }
      : answer
  }
  const weather = tool({
    description: "The weather in a city",
    inputSchema: jsonSchema<{ city: string }>(weatherParameters),
    execute: async ({ city }) => ({ city, celsius: 21 })
  })
  const run = (providerOptions?: { openai: { store: boolean } }) => {
    const errors: Array<unknown> = []
    const result = streamText({
      model: createOpenAI({ baseURL: `${server.url}/v1`, apiKey: server.token })("claude/claude-sonnet-4-5"),
      prompt: "Weather in Paris?",
      tools: { weather },
      stopWhen: stepCountIs(2),
      maxRetries: 0,
      onError: ({ error }) => {
        errors.push(error)
      },
      ...(providerOptions === undefined ? {} : { providerOptions })
    })
    return { result, errors }
  }

  it("is refused by reference in the next step, with what to do, since its id went out before it", async () => {
    upstreamOf("anthropic").behave(talkative)
    try {
      const { result, errors } = run()
      for await (const _ of result.textStream);
      expect(errors).toHaveLength(1)
      expect(errors[0]).toMatchObject({ statusCode: 400 })
      const { error } = JSON.parse((errors[0] as { responseBody: string }).responseBody)
      expect(error).toMatchObject({ param: "input[1]" })
      expect(error.message).toContain("store: false")
    } finally {
      upstreamOf("anthropic").behave(toolModel({ arguments: weatherArguments, object: {} }))
    }
  })

  it("goes through with store: false, which sends the items themselves", async () => {
    upstreamOf("anthropic").behave(talkative)
    try {
      const { result, errors } = run({ openai: { store: false } })
      let text = ""
      for await (const piece of result.textStream) text += piece
      expect(errors).toEqual([])
      expect(text).toBe('Let me check.The tool said: {"city":"Paris","celsius":21}')
    } finally {
      upstreamOf("anthropic").behave(toolModel({ arguments: weatherArguments, object: {} }))
    }
  })
})

describe("a stream cut mid-answer", () => {
  const cut = [
    { protocol: "responses", type: "openai-responses", model: "gpt-5-mini" },
    { protocol: "anthropic", type: "anthropic", model: "claude-sonnet-4-5" }
  ] as const

  it.each(cut)("ends with the spec's error event, which the openai SDK raises ($protocol)", async (setup) => {
    const upstream = upstreamOf(setup.protocol)
    const res = await server.api("POST", "/api/providers", {
      name: `cut-${setup.protocol}`,
      type: setup.type,
      baseUrl: upstream.url,
      apiKeys: ["key-cut-0123456789"],
      models: [setup.model],
      timeouts: { maxRetries: 0, firstByteMs: 300, idleMs: 300 }
    })
    expect(res.status).toBe(201)
    upstream.behave({ kind: "stall", first: "Hel" })
    try {
      const model = `cut-${setup.protocol}/${setup.model}`
      const raw = await fetch(`${server.url}/v1/responses`, {
        method: "POST",
        headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" },
        body: JSON.stringify({ model, input: "Hi", stream: true })
      })
      const frames = parseSse(await raw.text())
      // The answer had begun: the upstream's first event went out (relayed, or translated into the first two).
      expect(frames.length).toBeGreaterThan(1)
      const last = frames.at(-1)!
      expect(last.event).toBe("error")
      expect(schemaErrors("openai", "ResponseStreamEvent", last.data)).toEqual([])
      expect(last.data).toMatchObject({ type: "error", code: "provider_error", error: { reason: "Timeout" } })

      const stream = client.responses.stream({ model, input: "Hi" })
      const read = async () => {
        for await (const _ of stream);
      }
      await expect(read()).rejects.toBeInstanceOf(OpenAI.APIError)
    } finally {
      upstream.behave(toolModel({ arguments: weatherArguments, object: {} }))
    }
  })
})

describe("a raw Responses request", () => {
  const post = (body: unknown) =>
    fetch(`${server.url}/v1/responses`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.token}`, "content-type": "application/json" },
      body: JSON.stringify(body)
    })

  it.each(setups.filter((setup) => setup.protocol !== "responses"))(
    "streams spec events from the $protocol provider, named as their type",
    async ({ protocol, provider, model }) => {
      // The fake Chat Completions upstreams think aloud (`reasoning_content`); the others only answer.
      const items = protocol === "openai" || protocol === "azure" ? ["reasoning", "message"] : ["message"]
      upstreamOf(protocol).behave({ kind: "answer", pieces: ["Hel", "lo"], reasoning: "Thinking." })
      try {
        const res = await post({ model: `${provider}/${model}`, input: "Hi", stream: true })
        expect(res.headers.get("content-type")).toContain("text/event-stream")
        const frames = parseSse(await res.text())
        for (const frame of frames) expect(frame.event).toBe(frame.data.type)
        const events = frames.map((frame) => frame.data)
        expectEvents(events)
        expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, i) => i))
        expect(events.at(-1)!.response.output.map((item: Json) => item.type)).toEqual(items)
      } finally {
        upstreamOf(protocol).behave(toolModel({ arguments: weatherArguments, object: {} }))
      }
    }
  )

  it("refuses previous_response_id and store: true on a translated provider, saying why", async () => {
    for (const field of [{ previous_response_id: "resp_1" }, { store: true }]) {
      const res = await post({ model: "claude/claude-sonnet-4-5", input: "Hi", ...field })
      expect(res.status).toBe(400)
      const body = (await res.json()) as Json
      expect(body.error).toMatchObject({ type: "invalid_request_error", param: Object.keys(field)[0] })
      expect(body.error.message).toContain("nothing is stored")
    }
  })

  it("relays them as written to a provider that speaks Responses, with or without input", async () => {
    const res = await post({ model: "openai/gpt-5-mini", input: "Hi", previous_response_id: "resp_1", store: true })
    expect(res.status).toBe(200)
    expect(upstreamOf("responses").lastRequest().body).toMatchObject({
      model: "gpt-5-mini",
      previous_response_id: "resp_1",
      store: true
    })
    const prompt = await post({ model: "openai/gpt-5-mini", prompt: { id: "pmpt_1" } })
    expect(prompt.status).toBe(200)
    expect(upstreamOf("responses").lastRequest().body).toEqual({ model: "gpt-5-mini", prompt: { id: "pmpt_1" } })
  })

  it("refuses a translated request without input, naming it", async () => {
    const res = await post({ model: "gemini/gemini-2.5-flash", instructions: "Be brief." })
    expect(res.status).toBe(400)
    expect(((await res.json()) as Json).error).toMatchObject({ param: "input" })
  })
})

describe("the app's own route (without the Node lane)", () => {
  let app: RealServer

  beforeAll(async () => {
    app = await startRealServer({ lane: false })
    for (const setup of setups.filter((s) => s.protocol === "anthropic" || s.protocol === "responses")) {
      const res = await app.api("POST", "/api/providers", {
        name: setup.provider,
        type: setup.type,
        baseUrl: upstreamOf(setup.protocol).url,
        apiKeys: ["key-app-0123456789"],
        models: [setup.model],
        timeouts: { maxRetries: 0 }
      })
      expect(res.status).toBe(201)
    }
  })

  afterAll(() => app.shutdown())

  it.each(["claude/claude-sonnet-4-5", "openai/gpt-5-mini"])("answers %s whole and streamed", async (model) => {
    const sdk = new OpenAI({ baseURL: `${app.url}/v1`, apiKey: app.token, maxRetries: 0 })
    const whole = await sdk.responses.create({ model, input: "Hello" })
    expectResponse(whole)
    expect(whole.output_text).toBe("Hello there")
    const events: Array<Json> = []
    for await (const event of sdk.responses.stream({ model, input: "Hello" })) events.push(event)
    expectEvents(events)
    expect(events.at(-1)!.type).toBe("response.completed")
  })
})
