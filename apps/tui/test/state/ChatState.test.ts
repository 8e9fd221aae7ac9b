import { describe, expect, it } from "vitest"
import { type Choice, chatReducer, initialChat } from "../../src/state/ChatState"

const vllm: Choice = { providerId: "local-vllm", providerName: "Local vLLM", modelId: "gpt2", vision: false }
const other: Choice = { providerId: "other", providerName: "Other", modelId: "phi-4", vision: true }
const names = new Map([
  ["local-vllm", "Local vLLM"],
  ["other", "Other"]
])

describe("chatReducer ChoicesLoaded", () => {
  it("chooses the preferred provider's model first", () => {
    const state = chatReducer(initialChat, {
      _tag: "ChoicesLoaded",
      choices: [vllm, other],
      providerNames: names,
      preferProvider: "other"
    })
    expect(state.target).toEqual(other)
  })

  it("never answers with another model when the chosen one goes away, and says so", () => {
    const chosen = chatReducer(initialChat, { _tag: "ChoicesLoaded", choices: [vllm, other], providerNames: names })
    const after = chatReducer(chosen, { _tag: "ChoicesLoaded", choices: [other], providerNames: names })
    expect(after.target).toBeUndefined()
    expect(after.notice).toContain("Local vLLM / gpt2 is not available any more")
    const still = chatReducer(chosen, { _tag: "ChoicesLoaded", choices: [other, vllm], providerNames: names })
    expect(still.target).toEqual(vllm)
  })
})
