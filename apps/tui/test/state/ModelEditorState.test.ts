import { Model, makeModel } from "@switchboard/core/domain/Model"
import { describe, expect, it } from "vitest"
import { textValue } from "../../src/keys/TextEdit"
import { modelEditorReducer, modelPatch, openEditor, rowOfPath } from "../../src/state/ModelEditorState"

const type = (
  state: ReturnType<typeof openEditor>,
  row: "contextWindow" | "currency" | "input" | "output",
  text: string
) => modelEditorReducer(state, { _tag: "Edit", row, value: textValue(text) })

describe("ModelEditorState", () => {
  it("saves empty numbers and prices as unset, so the catalog's or the provider's values apply", () => {
    const model = makeModel({ id: "gpt2", contextLength: 1024 })
    const editor = openEditor(model)
    expect(editor.fallback.contextWindow).toEqual({ value: 1024, source: "provider" })
    expect(modelPatch(editor, model)).toMatchObject({ contextWindow: null, maxOutputTokens: null, pricing: null })
  })

  it("prices in US dollars unless a currency is typed, and keeps the cache prices set elsewhere", () => {
    const model = new Model({
      ...makeModel("gpt2"),
      pricing: { currency: "EUR", input: 1, output: 2, cachedInput: 0.5 }
    })
    const editor = openEditor(model)
    expect(editor.currency.text).toBe("EUR")
    const typed = type(type(type(editor, "currency", ""), "input", "2.5"), "contextWindow", "64000")
    expect(modelPatch(typed, model)).toMatchObject({
      contextWindow: 64_000,
      pricing: { currency: "USD", input: 2.5, output: 2, cachedInput: 0.5 }
    })
    expect(modelPatch(type(editor, "currency", "gbp"), model).pricing).toMatchObject({ currency: "GBP" })
  })

  it("finds the row of a core problem about a price or a limit", () => {
    expect(["pricing.input", "pricing.currency", "contextWindow"].map(rowOfPath)).toEqual([
      "input",
      "currency",
      "contextWindow"
    ])
  })
})
