import { describe, expect, it } from "vitest"
import { UsageError } from "../../src/cli/Args"
import { maxInputBytes, readAll, table } from "../../src/cli/Io"
import { displayWidth } from "../../src/text/graphemes"

async function* chunks(...parts: ReadonlyArray<string | Uint8Array>) {
  for (const part of parts) yield typeof part === "string" ? Buffer.from(part) : part
}

describe("table", () => {
  it("lines columns up in terminal columns, whatever the script", () => {
    const text = table(
      ["ID", "NAME", "TYPE"],
      [
        ["mo-xing", "模型", "OpenAI"],
        ["rocket", "🚀 Launch", "Gemini"],
        ["cafe", "Café", "Anthropic"]
      ]
    )
    const lines = text.trimEnd().split("\n")
    // Every TYPE starts at the same terminal column.
    const starts = lines.map((line) => displayWidth(line.slice(0, line.search(/(TYPE|OpenAI|Gemini|Anthropic)$/))))
    expect(new Set(starts).size).toBe(1)
    expect(lines[1]).toBe("mo-xing  模型       OpenAI")
  })
})

describe("readAll", () => {
  it("joins the chunks as UTF-8, a character split across two included", async () => {
    const bytes = Buffer.from("héllo 模型")
    expect(await readAll(chunks(bytes.subarray(0, 2), bytes.subarray(2)))).toBe("héllo 模型")
  })

  it("refuses more than the limit with a usage error", async () => {
    const big = Buffer.alloc(maxInputBytes, "a")
    await expect(readAll(chunks(big))).resolves.toHaveLength(maxInputBytes)
    await expect(readAll(chunks(big, "a"))).rejects.toBeInstanceOf(UsageError)
  })
})
