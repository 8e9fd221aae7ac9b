import { describe, expect, it } from "vitest"
import { coloursOff, themeFor } from "../../src/theme/Theme"

describe("themeFor", () => {
  it("names colours by default", () => {
    expect(themeFor({}).danger).toBe("red")
    expect(coloursOff({ NO_COLOR: "" })).toBe(false)
  })

  it("names none under NO_COLOR, unless FORCE_COLOR asks for them", () => {
    expect(Object.values(themeFor({ NO_COLOR: "1" })).every((colour) => colour === "")).toBe(true)
    expect(themeFor({ NO_COLOR: "1", FORCE_COLOR: "1" }).danger).toBe("red")
  })
})
