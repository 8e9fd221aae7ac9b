/**
 * The request's options as Gemini's: every generation option, the response formats, tools and the tool choice, and
 * thinking by budget or effort.
 */
import { describe, expect, it } from "@effect/vitest"
import { toOptions, thinkingBudgets } from "../../src/gemini/GeminiOptions"
import { Refusal } from "../../src/gemini/GeminiRefusal"

const weather = {
  name: "weather",
  description: "The weather in a city",
  parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] }
}

describe("Gemini options", () => {
  it("nothing set, nothing sent", () => {
    expect(toOptions({})).toEqual({})
    expect(toOptions({ stop: [], tools: [], responseFormat: { type: "text" } })).toEqual({})
  })

  it("every generation option has its generationConfig field", () => {
    expect(
      toOptions({
        maxTokens: 100,
        temperature: 0.3,
        topP: 0.9,
        topK: 40,
        stop: ["END", "STOP"],
        seed: 7,
        presencePenalty: 0.5,
        frequencyPenalty: -0.5,
        parallelToolCalls: false
      })
    ).toEqual({
      generationConfig: {
        maxOutputTokens: 100,
        temperature: 0.3,
        topP: 0.9,
        topK: 40,
        stopSequences: ["END", "STOP"],
        seed: 7,
        presencePenalty: 0.5,
        frequencyPenalty: -0.5
      }
    })
  })

  it("json → responseMimeType; json_schema → responseMimeType and the converted responseSchema", () => {
    expect(toOptions({ responseFormat: { type: "json" } })).toEqual({
      generationConfig: { responseMimeType: "application/json" }
    })
    expect(
      toOptions({
        responseFormat: {
          type: "json_schema",
          name: "answer",
          schema: { type: "object", properties: { answer: { type: ["integer", "null"] } }, additionalProperties: false }
        }
      })
    ).toEqual({
      generationConfig: {
        responseMimeType: "application/json",
        responseSchema: { type: "OBJECT", properties: { answer: { type: "INTEGER", nullable: true } } }
      }
    })
  })

  it("an unconvertible response schema is refused, naming responseFormat.schema", () => {
    const refusal = toOptions({
      responseFormat: { type: "json_schema", name: "x", schema: { type: "object", properties: { a: { not: {} } } } }
    })
    expect(refusal).toBeInstanceOf(Refusal)
    expect((refusal as Refusal).detail).toMatch(/^responseFormat\.schema: "not" at #\/properties\/a /)
  })

  it("tools → one functionDeclarations tool; an object without properties sends no parameters", () => {
    expect(toOptions({ tools: [weather, { name: "now", parameters: { type: "object", properties: {} } }] })).toEqual({
      tools: [
        {
          functionDeclarations: [
            {
              name: "weather",
              description: "The weather in a city",
              parameters: { type: "OBJECT", properties: { city: { type: "STRING" } }, required: ["city"] }
            },
            { name: "now", description: "" }
          ]
        }
      ]
    })
  })

  it("a tool whose parameters cannot convert is refused, naming the tool", () => {
    const refusal = toOptions({
      tools: [
        weather,
        { name: "bad", parameters: { type: "object", properties: { q: { type: ["string", "number"] } } } }
      ]
    })
    expect((refusal as Refusal).detail).toMatch(/^tools\[1\]\.parameters: "type" at #\/properties\/q /)
  })

  it("toolChoice → functionCallingConfig mode; one named tool → ANY with allowedFunctionNames", () => {
    const config = (toolChoice: Parameters<typeof toOptions>[0]["toolChoice"]) =>
      (toOptions({ tools: [weather], ...(toolChoice === undefined ? {} : { toolChoice }) }) as { toolConfig?: unknown })
        .toolConfig
    expect(config(undefined)).toBeUndefined()
    expect(config("auto")).toEqual({ functionCallingConfig: { mode: "AUTO" } })
    expect(config("none")).toEqual({ functionCallingConfig: { mode: "NONE" } })
    expect(config("required")).toEqual({ functionCallingConfig: { mode: "ANY" } })
    expect(config({ type: "tool", name: "weather" })).toEqual({
      functionCallingConfig: { mode: "ANY", allowedFunctionNames: ["weather"] }
    })
  })

  it("reasoning → thinkingConfig with thoughts included: the budget given, else the effort's", () => {
    const thinking = (reasoning: Parameters<typeof toOptions>[0]["reasoning"]) =>
      (toOptions(reasoning === undefined ? {} : { reasoning }) as { generationConfig?: { thinkingConfig?: unknown } })
        .generationConfig?.thinkingConfig
    expect(thinking({ budgetTokens: 2048, effort: "high" })).toEqual({ thinkingBudget: 2048, includeThoughts: true })
    expect(thinking({ budgetTokens: 0 })).toEqual({ thinkingBudget: 0, includeThoughts: true })
    expect(thinking({ effort: "minimal" })).toEqual({ thinkingBudget: 512, includeThoughts: true })
    expect(thinking({ effort: "low" })).toEqual({ thinkingBudget: 1024, includeThoughts: true })
    expect(thinking({ effort: "medium" })).toEqual({ thinkingBudget: 8192, includeThoughts: true })
    expect(thinking({ effort: "high" })).toEqual({ thinkingBudget: thinkingBudgets.high, includeThoughts: true })
    expect(thinking({})).toBeUndefined()
  })
})
