import { describe, expect, it } from "@effect/vitest"
import { maxTitleLength, titleFrom } from "../src/domain/Conversation"
import { layerMemory } from "../src/ConversationStore"
import { conversationStoreSuite } from "./ConversationStoreSuite"

conversationStoreSuite("memory", () => layerMemory)

describe("titleFrom", () => {
  it("is the first user message on one line", () => {
    expect(
      titleFrom([
        { role: "system", content: "You are terse." },
        { role: "user", content: "  How do\n\ntides   work? " },
        { role: "user", content: "second" }
      ])
    ).toBe("How do tides work?")
  })

  it("skips blank user messages and falls back when there is none", () => {
    expect(
      titleFrom([
        { role: "user", content: "   " },
        { role: "user", content: "real" }
      ])
    ).toBe("real")
    expect(titleFrom([{ role: "system", content: "only system" }])).toBe("New conversation")
  })

  it("shortens a long message with an ellipsis, never splitting a character", () => {
    const title = titleFrom([{ role: "user", content: "😀".repeat(200) }])
    expect(Array.from(title)).toHaveLength(maxTitleLength)
    expect(title.endsWith("😀…")).toBe(true)
  })
})
