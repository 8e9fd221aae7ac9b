/**
 * A Messages request translated into the neutral request, for the providers that do not speak Messages: each block
 * and field where the neutral model has it, tool results split from the user's words, thinking kept with Anthropic's
 * signature, and every refusal naming the field or block it is about.
 */
import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { messagesFields, messagesFieldTable, parseMessages } from "../../src/gateway/MessagesRequest"

const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="

const base = { model: "vllm/llama", max_tokens: 100, messages: [{ role: "user", content: "Hi" }] }

const parse = (body: Record<string, unknown>, type: "openai" | "gemini" = "openai") =>
  parseMessages({ ...base, ...body }, { type })

const parsed = (body: Record<string, unknown>, type: "openai" | "gemini" = "openai") => {
  const result = parse(body, type)
  if (Either.isLeft(result)) throw new Error(`refused: ${result.left.message}`)
  return result.right
}

const refusal = (body: Record<string, unknown>, type: "openai" | "gemini" = "openai") => {
  const result = parse(body, type)
  if (Either.isRight(result)) throw new Error("translated, expected a refusal")
  return { field: result.left.field, problem: result.left.problem }
}

describe("parseMessages", () => {
  it("translates the options, the system blocks and the model", () => {
    const request = parsed({
      system: [
        { type: "text", text: "Be brief.", cache_control: { type: "ephemeral" } },
        { type: "text", text: "Answer in French." }
      ],
      temperature: 0.2,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ["END"],
      metadata: { user_id: "u-1" },
      service_tier: "auto"
    })
    expect(request).toMatchObject({
      model: "llama",
      maxTokens: 100,
      temperature: 0.2,
      topP: 0.9,
      topK: 40,
      stop: ["END"],
      messages: [
        { role: "system", content: "Be brief.\n\nAnswer in French." },
        { role: "user", content: [{ type: "text", text: "Hi" }] }
      ]
    })
    expect(request).not.toHaveProperty("providerOptions")
  })

  it("translates a tool loop: calls, thinking with its signature, results apart from the user's words", () => {
    const request = parsed({
      tools: [{ name: "get_weather", description: "Weather", input_schema: { type: "object" }, cache_control: {} }],
      tool_choice: { type: "any", disable_parallel_tool_use: true },
      messages: [
        { role: "user", content: "Weather in Paris and Rome?" },
        {
          role: "assistant",
          content: [
            { type: "thinking", thinking: "Two cities.", signature: "sig-1" },
            { type: "redacted_thinking", data: "enc-1" },
            { type: "text", text: "" },
            { type: "tool_use", id: "toolu_1", name: "get_weather", input: { city: "Paris" } }
          ]
        },
        {
          role: "user",
          content: [
            {
              type: "tool_result",
              tool_use_id: "toolu_1",
              content: [
                { type: "text", text: "18°C" },
                { type: "image", source: { type: "base64", media_type: "image/png", data: png } }
              ]
            },
            { type: "text", text: "And Rome?" },
            { type: "tool_result", tool_use_id: "toolu_0", content: "failed", is_error: true }
          ]
        }
      ]
    })
    expect(request.tools).toEqual([{ name: "get_weather", description: "Weather", parameters: { type: "object" } }])
    expect(request).toMatchObject({ toolChoice: "required", parallelToolCalls: false })
    expect(request.messages.slice(1)).toEqual([
      {
        role: "assistant",
        content: [
          { type: "reasoning", text: "Two cities.", signature: "sig-1", signedBy: "anthropic" },
          { type: "reasoning", text: "", redacted: "enc-1", signedBy: "anthropic" },
          { type: "tool-call", id: "toolu_1", name: "get_weather", arguments: '{"city":"Paris"}' }
        ]
      },
      {
        role: "tool",
        content: [
          { type: "tool-result", callId: "toolu_1", content: "18°C" },
          { type: "tool-result", callId: "toolu_0", content: "failed", isError: true }
        ]
      },
      {
        role: "user",
        content: [
          { type: "image", source: { type: "base64", mediaType: "image/png", data: png } },
          { type: "text", text: "And Rome?" }
        ]
      }
    ])
  })

  it("translates images and documents by their source", () => {
    const request = parsed({
      messages: [
        {
          role: "user",
          content: [
            { type: "image", source: { type: "url", url: "https://example.com/cat.png" } },
            {
              type: "document",
              source: { type: "base64", media_type: "application/pdf", data: "JVBERi0=" },
              title: "a.pdf"
            },
            { type: "document", source: { type: "text", media_type: "text/plain", data: "Notes." }, title: "Notes" },
            { type: "document", source: { type: "content", content: [{ type: "text", text: "Part one." }] } }
          ]
        }
      ]
    })
    expect(request.messages[0]!.content).toEqual([
      { type: "image", source: { type: "url", url: "https://example.com/cat.png" } },
      { type: "file", source: { type: "base64", mediaType: "application/pdf", data: "JVBERi0=" }, filename: "a.pdf" },
      { type: "text", text: "Notes\n\nNotes." },
      { type: "text", text: "Part one." }
    ])
  })

  it("reads thinking as a budget or an effort, and structured output as a JSON schema", () => {
    expect(parsed({ thinking: { type: "enabled", budget_tokens: 2048 } }).reasoning).toEqual({ budgetTokens: 2048 })
    expect(parsed({ thinking: { type: "adaptive" } }).reasoning).toEqual({ effort: "medium" })
    expect(parsed({ thinking: { type: "adaptive" }, output_config: { effort: "max" } }).reasoning).toEqual({
      effort: "high"
    })
    expect(parsed({ thinking: { type: "disabled" }, output_config: { effort: "low" } }).reasoning).toBeUndefined()
    const schema = { type: "object", properties: { answer: { type: "string" } } }
    expect(parsed({ output_config: { format: { type: "json_schema", schema } } }).responseFormat).toEqual({
      type: "json_schema",
      name: "response",
      schema
    })
  })

  it("refuses what a translated provider cannot honour, naming the field or block", () => {
    expect(refusal({ messages: [{ role: "user", content: [{ type: "image", source: { type: "base64" } }] }] })).toEqual(
      { field: "messages[0].content[0].source.media_type", problem: expect.any(String) }
    )
    expect(
      refusal({
        messages: [
          { role: "user", content: "Hi" },
          { role: "user", content: [{ type: "image", source: { type: "base64", media_type: "image/png", data: "!" } }] }
        ]
      })
    ).toEqual({ field: "messages[1].content[0].source", problem: expect.stringContaining("base64") })
    expect(
      refusal({
        messages: [{ role: "user", content: [{ type: "document", source: { type: "file", file_id: "file_1" } }] }]
      })
    ).toEqual({ field: "messages[0].content[0].source", problem: expect.stringContaining("Anthropic") })
    expect(
      refusal({
        messages: [{ role: "assistant", content: [{ type: "server_tool_use", id: "s", name: "web_search" }] }]
      })
    ).toEqual({ field: "messages[0].content[0]", problem: expect.stringContaining("Anthropic") })
    expect(refusal({ messages: [{ role: "user", content: [{ type: "tool_use", id: "t" }] }] })).toMatchObject({
      field: "messages[0].content[0].type"
    })
    expect(refusal({ tools: [{ type: "web_search_20250305", name: "web_search" }] })).toMatchObject({
      field: "tools[0]"
    })
    expect(refusal({ tools: [{ name: "t" }] })).toMatchObject({ field: "tools[0].input_schema" })
    expect(refusal({ container: "c-1" })).toMatchObject({ field: "container" })
    expect(refusal({ frobnicate: true })).toEqual({ field: "frobnicate", problem: "is not a Messages request field" })
    expect(refusal({ max_tokens: undefined })).toMatchObject({ field: "max_tokens" })
    expect(refusal({ temperature: 1.5 })).toMatchObject({ field: "temperature" })
    expect(refusal({ model: "no-provider" })).toMatchObject({ field: "model" })
    expect(refusal({ messages: [{ role: "user", content: "" }] })).toMatchObject({ field: "messages" })
    const tools = [{ name: "t", input_schema: { type: "object" } }]
    const parallelOff = { tools, tool_choice: { type: "auto", disable_parallel_tool_use: true } }
    expect(refusal(parallelOff, "gemini")).toMatchObject({ field: "tool_choice.disable_parallel_tool_use" })
    expect(parsed(parallelOff, "openai").parallelToolCalls).toBe(false)
  })

  it("is the table the server README shows", async () => {
    const { readFileSync } = await import("node:fs")
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8")
    expect(readme).toContain(messagesFieldTable())
  })

  it("knows every top-level field of the vendored spec's CreateMessageParams", async () => {
    const { readFileSync } = await import("node:fs")
    const { specFiles, specsDir } = await import("@switchboard/testing/Prism")
    const spec = JSON.parse(readFileSync(`${specsDir}/${specFiles.anthropic}`, "utf8"))
    const fields = Object.keys(spec.components.schemas.CreateMessageParams.properties)
    expect(fields.filter((field) => !Object.hasOwn(messagesFields, field))).toEqual([])
  })
})
