/**
 * A Responses request translated for a provider that does not speak it: the input items as neutral messages, the
 * options, references resolved from the ids the gateway wrote, and every refusal naming its field.
 */
import type { Provider } from "@switchboard/core/domain/Provider"
import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { carryingId, plainId, sealedSignature } from "../../src/gateway/ResponsesIds"
import { type Translation, translateFor } from "../../src/gateway/ResponsesRequest"

const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="

const provider = (type: Provider["type"]) => ({ type }) as Provider

const translate = (body: Record<string, unknown>, type: Provider["type"] = "anthropic") => {
  const translation: Translation = { request: undefined, signedBy: undefined }
  const request = translateFor({ model: "claude/claude-sonnet-4-5", ...body }, translation)(provider(type))
  return { request, translation }
}

const translated = (body: Record<string, unknown>, type?: Provider["type"]) =>
  Either.getOrThrow(translate(body, type).request)

/** The field a refusal names, and its problem. */
const refusal = (body: Record<string, unknown>, type?: Provider["type"]) => {
  const { request } = translate(body, type)
  if (Either.isRight(request)) throw new Error("expected a refusal")
  return request.left
}

describe("translateFor", () => {
  it("takes a string input as the user's message, instructions as the system message", () => {
    const { request, translation } = translate({ input: "Hi", instructions: "Be brief." })
    expect(Either.getOrThrow(request).messages).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: [{ type: "text", text: "Hi" }] }
    ])
    expect(translation).toMatchObject({ request: { input: "Hi" }, signedBy: "anthropic" })
  })

  it("sends the options every protocol has a word for", () => {
    const request = translated({
      input: "Hi",
      max_output_tokens: 100,
      temperature: 0.3,
      top_p: 0.9,
      tools: [{ type: "function", name: "weather", description: "d", parameters: { type: "object" }, strict: true }],
      tool_choice: { type: "function", name: "weather" },
      parallel_tool_calls: false,
      text: { format: { type: "json_schema", name: "person", schema: { type: "object" }, strict: true } },
      reasoning: { effort: "xhigh", summary: "auto" },
      store: false,
      metadata: { run: "1" },
      user: "u"
    })
    expect(request).toMatchObject({
      model: "claude-sonnet-4-5",
      maxTokens: 100,
      temperature: 0.3,
      topP: 0.9,
      tools: [{ name: "weather", description: "d", parameters: { type: "object" } }],
      toolChoice: { type: "tool", name: "weather" },
      parallelToolCalls: false,
      responseFormat: { type: "json_schema", name: "person", schema: { type: "object" }, strict: true },
      reasoning: { effort: "high" }
    })
    expect(translated({ input: "Hi", text: { format: { type: "json_object" } } }).responseFormat).toEqual({
      type: "json"
    })
    expect(translated({ input: "Hi", reasoning: { effort: "none" } }).reasoning).toBeUndefined()
  })

  it("joins a call and its output into an assistant turn and a tool turn, naming the tool", () => {
    const request = translated({
      input: [
        { role: "user", content: [{ type: "input_text", text: "Weather?" }] },
        { type: "reasoning", id: "rs_1", summary: [{ type: "summary_text", text: "Think" }] },
        { type: "message", role: "assistant", content: [{ type: "output_text", text: "Checking." }] },
        { type: "function_call", call_id: "c1", name: "weather", arguments: '{"city":"Paris"}' },
        { type: "function_call", call_id: "c2", name: "time", arguments: "{}" },
        { type: "function_call_output", call_id: "c1", output: '{"celsius":21}' },
        { type: "function_call_output", call_id: "c2", output: [{ type: "input_text", text: "noon" }] }
      ]
    })
    expect(request.messages).toEqual([
      { role: "user", content: [{ type: "text", text: "Weather?" }] },
      {
        role: "assistant",
        content: [
          { type: "reasoning", text: "Think" },
          { type: "text", text: "Checking." },
          { type: "tool-call", id: "c1", name: "weather", arguments: '{"city":"Paris"}' },
          { type: "tool-call", id: "c2", name: "time", arguments: "{}" }
        ]
      },
      {
        role: "tool",
        content: [
          { type: "tool-result", callId: "c1", name: "weather", content: '{"celsius":21}' },
          { type: "tool-result", callId: "c2", name: "time", content: "noon" }
        ]
      }
    ])
  })

  it("takes images and PDFs as data or URLs", () => {
    const request = translated({
      input: [
        {
          role: "user",
          content: [
            { type: "input_image", image_url: `data:image/png;base64,${png}`, detail: "auto" },
            { type: "input_image", image_url: "https://example.com/a.png" },
            { type: "input_file", filename: "a.pdf", file_data: `data:application/pdf;base64,${png}` }
          ]
        }
      ]
    })
    expect(request.messages[0]).toEqual({
      role: "user",
      content: [
        { type: "image", source: { type: "base64", mediaType: "image/png", data: png } },
        { type: "image", source: { type: "url", url: "https://example.com/a.png" } },
        { type: "file", filename: "a.pdf", source: { type: "base64", mediaType: "application/pdf", data: png } }
      ]
    })
  })

  it("resolves references to items whose ids carry them, signatures included", () => {
    const call = carryingId({
      type: "function_call",
      call_id: "c1",
      name: "weather",
      arguments: "{}",
      signature: "g-sig",
      signedBy: "gemini"
    })
    const request = translated(
      {
        input: [
          { role: "user", content: "Weather?" },
          {
            type: "item_reference",
            id: carryingId({ type: "reasoning", text: "Hm", signature: "s", signedBy: "gemini" })
          },
          { id: carryingId({ type: "message", text: "Checking." }) },
          { type: "item_reference", id: call },
          { type: "function_call_output", call_id: "c1", output: "sunny" }
        ]
      },
      "gemini"
    )
    expect(request.messages[1]).toEqual({
      role: "assistant",
      content: [
        { type: "reasoning", text: "Hm", signature: "s", signedBy: "gemini" },
        { type: "text", text: "Checking." },
        { type: "tool-call", id: "c1", name: "weather", arguments: "{}", signature: "g-sig", signedBy: "gemini" }
      ]
    })
  })

  it("reads a reasoning item's signature from its encrypted_content, redacted thinking as its own part", () => {
    const request = translated({
      input: [
        { role: "user", content: "Hi" },
        {
          type: "reasoning",
          id: plainId("reasoning"),
          summary: [],
          encrypted_content: sealedSignature({ signature: "s", redacted: "r", signedBy: "anthropic" })
        },
        { type: "reasoning", summary: [], encrypted_content: "gAAAA-openai-own" }
      ]
    })
    expect(request.messages[1]).toEqual({
      role: "assistant",
      content: [
        { type: "reasoning", text: "", signature: "s", signedBy: "anthropic" },
        { type: "reasoning", text: "", redacted: "r", signedBy: "anthropic" }
      ]
    })
  })

  it.each([
    [{ previous_response_id: "resp_1" }, "previous_response_id", "nothing is stored"],
    [{ store: true }, "store", "nothing is stored"],
    [{ conversation: "conv_1" }, "conversation", "nothing is stored"],
    [{ background: true }, "background", "at this value"],
    [{ seed: 1 }, "seed", "is not a Responses request field"],
    [{ tools: [{ type: "web_search" }] }, "tools[0].type", "only function tools"],
    [{ text: { verbosity: "low" } }, "text.verbosity", ""],
    [{ reasoning: { effort: "extreme" } }, "reasoning.effort", ""]
  ])("refuses %j, naming %s", (extra, field, problem) => {
    const refused = refusal({ input: "Hi", ...extra })
    expect(refused.field).toBe(field)
    expect(refused.problem).toContain(problem)
  })

  it("refuses parallel_tool_calls: false where the provider cannot forbid parallel calls", () => {
    expect(refusal({ input: "Hi", parallel_tool_calls: false }, "gemini").field).toBe("parallel_tool_calls")
    expect(translated({ input: "Hi", parallel_tool_calls: false }, "openai").parallelToolCalls).toBe(false)
  })

  it.each([
    [[{ id: plainId("message") }], "input[0]", "nothing is stored"],
    [[{ type: "item_reference", id: "msg_68a0c0ffee" }], "input[0]", "store: false"],
    [[{ type: "web_search_call", id: "ws_1" }], "input[0].type", "no translated provider takes"],
    [
      [{ role: "user", content: [{ type: "input_image", file_id: "file-1" }] }],
      "input[0].content[0].image_url",
      "file ids"
    ],
    [
      [
        {
          role: "user",
          content: [
            { type: "input_text", text: "a" },
            { type: "input_image", image_url: "ftp://x" }
          ]
        }
      ],
      "input[0].content[1].image_url",
      "http(s) URL"
    ],
    [
      [{ role: "user", content: [{ type: "input_file", file_id: "file-1" }] }],
      "input[0].content[0].file_data",
      "file ids"
    ],
    [
      [{ type: "function_call_output", call_id: "c", output: [{ type: "input_image", image_url: "x" }] }],
      "input[0].output[0]",
      "text"
    ],
    [[{ role: "robot", content: "x" }], "input[0].role", ""],
    [[{ role: "system", content: "x" }], "input", "at least one user"],
    [[42], "input[0]", "input item"]
  ])("refuses input %j, naming %s", (input, field, problem) => {
    const refused = refusal({ input })
    expect(refused.field).toBe(field)
    expect(refused.problem).toContain(problem)
  })
})
