import { describe, expect, it } from "vitest"
import { plural } from "../../src/text/plural"

describe("plural", () => {
  it("agrees the noun with the count", () => {
    expect(plural(1, "provider")).toBe("1 provider")
    expect(plural(0, "provider")).toBe("0 providers")
    expect(plural(2, "model")).toBe("2 models")
    expect(plural(3, "entry", "entries")).toBe("3 entries")
  })
})
