/**
 * What agent frameworks send, through the gateway to Anthropic-, Gemini- and OpenAI Responses-style upstreams: the
 * official `openai` SDK, the Vercel AI SDK (`@ai-sdk/openai-compatible`) and LangChain (`@langchain/openai`),
 * unchanged, over a real socket. Tools in two steps (the model calls, the SDK runs the tool and sends the result back), JSON output against
 * a schema, and an image, streamed and not. The upstream is a scripted model (`ToolModel`) that answers what the
 * translated request asks, so each case checks the translation both ways.
 */
import { createOpenAICompatible } from "@ai-sdk/openai-compatible"
import { AIMessage, HumanMessage, ToolMessage } from "@langchain/core/messages"
import { ChatOpenAI } from "@langchain/openai"
import * as FakeProvider from "@switchboard/testing/FakeProvider"
import { generateObject, generateText, jsonSchema, stepCountIs, streamText, tool } from "ai"
import OpenAI from "openai"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type RealServer, startRealServer } from "../support/RealServer"
import { toolModel } from "../support/ToolModel"

/** A 1×1 PNG. */
const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="

const weatherArguments = { city: "Paris" }
const person = { name: "Ada", born: 1815 }

const weatherParameters = {
  type: "object" as const,
  properties: { city: { type: "string" as const, description: "The city" } },
  required: ["city"],
  additionalProperties: false
}

const personSchema = {
  type: "object" as const,
  properties: { name: { type: "string" as const }, born: { type: "integer" as const } },
  required: ["name", "born"],
  additionalProperties: false
}

const targets = [
  { protocol: "anthropic", type: "anthropic", provider: "claude", model: "claude-sonnet-4-5" },
  { protocol: "gemini", type: "gemini", provider: "gemini", model: "gemini-2.5-flash" },
  { protocol: "responses", type: "openai-responses", provider: "openai-pro", model: "gpt-5" }
] as const

let server: RealServer
const upstreams: Partial<Record<FakeProvider.Protocol, FakeProvider.FakeProvider>> = {}

beforeAll(async () => {
  server = await startRealServer()
  for (const target of targets) {
    const upstream = await FakeProvider.start({ protocol: target.protocol, models: [target.model] })
    upstream.behave(toolModel({ arguments: weatherArguments, object: person }))
    upstreams[target.protocol] = upstream
    const res = await server.api("POST", "/api/providers", {
      name: target.provider,
      type: target.type,
      baseUrl: upstream.url,
      apiKeys: [`key-${target.protocol}-0123456789`],
      models: [target.model],
      timeouts: { maxRetries: 0 }
    })
    expect(res.status).toBe(201)
  }
})

afterAll(async () => {
  await server.shutdown()
  for (const upstream of Object.values(upstreams)) await upstream.close()
})

/** The upstream's chat requests' bodies since `from`. */
const sentSince = (protocol: FakeProvider.Protocol, from: number) =>
  upstreams[protocol]!.chats()
    .slice(from)
    .map((chat) => chat.request.body as Record<string, unknown>)

describe.each(targets)("to a $protocol provider", ({ protocol, provider, model }) => {
  const id = `${provider}/${model}`

  describe("the openai SDK", () => {
    const client = () => new OpenAI({ baseURL: `${server.url}/v1`, apiKey: server.token, maxRetries: 0 })
    const tools: Array<OpenAI.ChatCompletionTool> = [
      {
        type: "function",
        function: { name: "weather", description: "The weather in a city", parameters: weatherParameters }
      }
    ]

    it("gets a tool call, sends the result back, and gets the answer", async () => {
      const messages: Array<OpenAI.ChatCompletionMessageParam> = [{ role: "user", content: "Weather in Paris?" }]
      const first = await client().chat.completions.create({ model: id, messages, tools })
      const choice = first.choices[0]!
      expect(choice.finish_reason).toBe("tool_calls")
      const call = choice.message.tool_calls?.[0]
      expect(call?.type === "function" && call.function.name).toBe("weather")
      expect(call?.type === "function" && JSON.parse(call.function.arguments)).toEqual(weatherArguments)
      messages.push(choice.message, { role: "tool", tool_call_id: call!.id, content: '{"celsius":21}' })
      const second = await client().chat.completions.create({ model: id, messages, tools })
      expect(second.choices[0]!.message.content).toBe('The tool said: {"celsius":21}')
      expect(second.choices[0]!.finish_reason).toBe("stop")
    })

    it("streams a tool call as delta.tool_calls under its index", async () => {
      const stream = await client().chat.completions.create({
        model: id,
        messages: [{ role: "user", content: "Weather in Paris?" }],
        tools,
        stream: true
      })
      let name = ""
      let args = ""
      let finish: string | null = null
      for await (const chunk of stream) {
        for (const call of chunk.choices[0]?.delta.tool_calls ?? []) {
          expect(call.index).toBe(0)
          name += call.function?.name ?? ""
          args += call.function?.arguments ?? ""
        }
        finish = chunk.choices[0]?.finish_reason ?? finish
      }
      expect(name).toBe("weather")
      expect(JSON.parse(args)).toEqual(weatherArguments)
      expect(finish).toBe("tool_calls")
    })

    it("answers JSON that follows a json_schema response format", async () => {
      const completion = await client().chat.completions.create({
        model: id,
        messages: [{ role: "user", content: "Who wrote the first program?" }],
        response_format: { type: "json_schema", json_schema: { name: "person", schema: personSchema, strict: true } }
      })
      expect(JSON.parse(completion.choices[0]!.message.content ?? "")).toEqual(person)
      expect(completion.choices[0]!.finish_reason).toBe("stop")
    })
  })

  describe("the Vercel AI SDK", () => {
    const switchboard = () =>
      createOpenAICompatible({
        name: "switchboard",
        baseURL: `${server.url}/v1`,
        apiKey: server.token,
        includeUsage: true,
        supportsStructuredOutputs: true
      })
    const weather = tool({
      description: "The weather in a city",
      inputSchema: jsonSchema<{ city: string }>(weatherParameters),
      execute: async ({ city }) => ({ city, celsius: 21 })
    })

    it("generateText runs a tool in two steps", async () => {
      const from = upstreams[protocol]!.chats().length
      const result = await generateText({
        model: switchboard()(id),
        prompt: "Weather in Paris?",
        tools: { weather },
        stopWhen: stepCountIs(2),
        maxRetries: 0
      })
      expect(result.steps).toHaveLength(2)
      expect(result.steps[0]!.toolCalls.map((call) => [call.toolName, call.input])).toEqual([
        ["weather", weatherArguments]
      ])
      expect(result.text).toBe('The tool said: {"city":"Paris","celsius":21}')
      expect(sentSince(protocol, from)).toHaveLength(2)
    })

    it("streamText runs a tool in two steps, streamed", async () => {
      const result = streamText({
        model: switchboard()(id),
        prompt: "Weather in Paris?",
        tools: { weather },
        stopWhen: stepCountIs(2),
        maxRetries: 0
      })
      let text = ""
      for await (const piece of result.textStream) text += piece
      expect(text).toBe('The tool said: {"city":"Paris","celsius":21}')
      expect((await result.steps).map((step) => step.finishReason)).toEqual(["tool-calls", "stop"])
    })

    it("generateObject returns an object that follows the schema", async () => {
      const result = await generateObject({
        model: switchboard()(id),
        schema: jsonSchema<typeof person>(personSchema),
        schemaName: "person",
        prompt: "Who wrote the first program?",
        maxRetries: 0
      })
      expect(result.object).toEqual(person)
    })

    it("sends an image", async () => {
      const from = upstreams[protocol]!.chats().length
      const result = await generateText({
        model: switchboard()(id),
        messages: [
          {
            role: "user",
            content: [
              { type: "text", text: "What is this?" },
              { type: "image", image: Buffer.from(png, "base64"), mediaType: "image/png" }
            ]
          }
        ],
        maxRetries: 0
      })
      expect(result.text).toBe("I see 1 image")
      const [sent] = sentSince(protocol, from)
      expect(JSON.stringify(sent)).toContain(png)
    })
  })

  describe("LangChain", () => {
    const chat = (streaming = false) =>
      new ChatOpenAI({
        model: id,
        apiKey: server.token,
        configuration: { baseURL: `${server.url}/v1` },
        maxRetries: 0,
        streaming
      })
    const weatherTool = {
      type: "function" as const,
      function: { name: "weather", description: "The weather in a city", parameters: weatherParameters }
    }

    it.each([false, true])("bindTools, then a ToolMessage back (streaming: %s)", async (streaming) => {
      const model = chat(streaming).bindTools([weatherTool])
      const question = new HumanMessage("Weather in Paris?")
      const called = await model.invoke([question])
      expect(called.tool_calls?.map((call) => [call.name, call.args])).toEqual([["weather", weatherArguments]])
      const answered = await model.invoke([
        question,
        new AIMessage({ content: called.content, tool_calls: called.tool_calls ?? [] }),
        new ToolMessage({ tool_call_id: called.tool_calls![0]!.id!, content: '{"celsius":21}' })
      ])
      expect(answered.content).toBe('The tool said: {"celsius":21}')
    })

    it("withStructuredOutput returns an object that follows the schema", async () => {
      const structured = chat().withStructuredOutput(personSchema, { name: "person", method: "jsonSchema" })
      expect(await structured.invoke("Who wrote the first program?")).toEqual(person)
    })

    it("sends an image", async () => {
      const from = upstreams[protocol]!.chats().length
      const answer = await chat().invoke([
        new HumanMessage({
          content: [
            { type: "text", text: "What is this?" },
            { type: "image_url", image_url: { url: `data:image/png;base64,${png}` } }
          ]
        })
      ])
      expect(answer.content).toBe("I see 1 image")
      expect(JSON.stringify(sentSince(protocol, from)[0])).toContain(png)
    })
  })
})
