/**
 * Neutral requests that use the rich parts of the chat model (tools and a tool choice, an image, a tool-call round
 * trip, a JSON Schema answer), for the tests that send them over the wire: the adapters' request-shape tests and the
 * Prism contracts, which check the bodies against OpenAI's and Azure's own specs.
 */
import { ChatRequest, textMessage } from "@switchboard/core/domain/ChatRequest"

/** A 1×1 transparent PNG. */
const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="

const weather = {
  name: "get_weather",
  description: "The current weather in a city",
  parameters: {
    type: "object",
    properties: { city: { type: "string" } },
    required: ["city"],
    additionalProperties: false
  }
}

const question = textMessage("user", "What is the weather in Paris?")

/**
 * A call and its result sent back, then the next question. The assistant turn is only the call (content `null` on the
 * wire) unless it `said` something first.
 */
export const toolRoundTrip = (model: string, said?: string): ChatRequest =>
  new ChatRequest({
    model,
    messages: [
      question,
      {
        role: "assistant",
        content: [
          { type: "reasoning", text: "I should call the weather tool." },
          ...(said === undefined ? [] : [{ type: "text" as const, text: said }]),
          { type: "tool-call", id: "call_1", name: "get_weather", arguments: '{"city":"Paris"}' }
        ]
      },
      { role: "tool", content: [{ type: "tool-result", callId: "call_1", content: '{"celsius":21}' }] },
      { role: "assistant", content: [{ type: "text", text: "It is 21 °C." }] },
      textMessage("user", "And tomorrow?")
    ],
    tools: [weather],
    toolChoice: "auto"
  })

export interface RichRequest {
  readonly key: "toolChoiceNamed" | "toolChoiceRequired" | "images" | "toolRoundTrip" | "jsonSchema" | "jsonObject"
  /** For the test's title. */
  readonly name: string
  readonly request: ChatRequest
}

/** Each rich request; `model` is the model or Azure deployment. */
export const richRequests = (model: string): ReadonlyArray<RichRequest> => [
  {
    key: "toolChoiceNamed",
    name: "tools with a named tool choice and parallel_tool_calls",
    request: new ChatRequest({
      model,
      messages: [question],
      tools: [weather, { name: "now", parameters: { type: "object", properties: {} } }],
      toolChoice: { type: "tool", name: "get_weather" },
      parallelToolCalls: false
    })
  },
  {
    key: "toolChoiceRequired",
    name: "tools with tool_choice required and sampling options",
    request: new ChatRequest({
      model,
      messages: [textMessage("system", "Use tools."), question],
      tools: [weather],
      toolChoice: "required",
      topP: 0.9,
      stop: ["END"],
      seed: 7,
      presencePenalty: 0.1,
      frequencyPenalty: 0.2
    })
  },
  {
    key: "images",
    name: "an image by URL and one as base64",
    request: new ChatRequest({
      model,
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "Describe both images." },
            { type: "image", source: { type: "url", url: "https://example.com/cat.jpg" } },
            { type: "image", source: { type: "base64", mediaType: "image/png", data: png } }
          ]
        }
      ]
    })
  },
  { key: "toolRoundTrip", name: "an assistant tool call and its result sent back", request: toolRoundTrip(model) },
  {
    key: "jsonSchema",
    name: "a json_schema response format",
    request: new ChatRequest({
      model,
      messages: [question],
      responseFormat: {
        type: "json_schema",
        name: "weather",
        description: "The weather",
        schema: {
          type: "object",
          properties: { celsius: { type: "number" } },
          required: ["celsius"],
          additionalProperties: false
        },
        strict: true
      }
    })
  },
  {
    key: "jsonObject",
    name: "a json_object response format",
    request: new ChatRequest({
      model,
      messages: [textMessage("system", "Answer in JSON."), question],
      responseFormat: { type: "json" }
    })
  }
]
