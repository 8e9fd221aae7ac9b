import { describe, expect, it } from "vitest"
import { fieldProblem } from "../../../src/components/shared/Field"

describe("fieldProblem", () => {
  it("puts a check's predicate after the field's label", () => {
    expect(fieldProblem("Name", { tag: "InvalidInput", field: "name", message: "must not be empty" })).toBe(
      "✗ Name must not be empty"
    )
  })

  it("shows any other problem as its own sentence", () => {
    const duplicate = { tag: "DuplicateName", message: 'A provider named "x" already exists. Choose another name.' }
    expect(fieldProblem("Name", duplicate)).toBe(`✗ ${duplicate.message}`)
  })
})
