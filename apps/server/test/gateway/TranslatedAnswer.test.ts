/**
 * Reading a translated answer without a fiber: the reader's events gathered into one answer, held to the size limit,
 * ended by the reader's completion or by a cut body.
 */
import { Readable } from "node:stream"
import { maxAnswerChars } from "@switchboard/core/Chat"
import { type ChatEvent, Finish, TextDelta, Usage } from "@switchboard/core/domain/ChatEvent"
import { ProviderError } from "@switchboard/core/domain/Errors"
import type { AnswerReader } from "@switchboard/core/ProviderAdapter"
import { describe, expect, it } from "vitest"
import { Collected } from "../../src/gateway/Collected"
import { maxDrainBytes, readTranslated } from "../../src/gateway/TranslatedAnswer"

/** A reader of lines: `t:<text>` is text, `u` usage, `f` the finish (which completes the answer). */
const lineReader = (): AnswerReader => {
  let buffer = ""
  let done = false
  return {
    push: (text, out: Array<ChatEvent>) => {
      buffer += text
      const lines = buffer.split("\n")
      buffer = lines.pop() ?? ""
      for (const line of lines) {
        if (done) break
        if (line.startsWith("t:")) out.push(new TextDelta({ text: line.slice(2) }))
        if (line === "u") out.push(new Usage({ inputTokens: 3, outputTokens: 2 }))
        if (line === "f") {
          out.push(new Finish({ reason: "stop" }))
          done = true
        }
      }
      return undefined
    },
    complete: () => done,
    end: () => (done ? undefined : new ProviderError({ reason: "InvalidOutput", url: "u", detail: "no finish" }))
  }
}

/** A body of these pieces, as bytes (as an upstream's arrives). */
const bytes = (...pieces: Array<string>) => Readable.from(pieces.map((piece) => Buffer.from(piece)))

describe("Collected", () => {
  it("refuses the event that would pass the size limit and ends as length", () => {
    const answer = new Collected()
    expect(answer.take(new TextDelta({ text: "x".repeat(maxAnswerChars - 1) }))).toBe(true)
    expect(answer.take(new TextDelta({ text: "yy" }))).toBe(false)
    expect(answer).toMatchObject({ finished: true, finishReason: "length", chars: maxAnswerChars - 1 })
  })
})

describe("readTranslated", () => {
  it("gathers the events read across pieces, and stops reading at the reader's completion", async () => {
    const body = bytes("t:Hel", "lo\nt: world\nu\n", "f\nt:after the end\n")
    const shown: Array<string> = []
    const ending = await readTranslated({ body }, lineReader(), {
      onEvents: (events) => {
        for (const event of events) shown.push(event._tag)
        return true
      }
    })
    expect(ending._tag).toBe("Complete")
    expect(ending.answer).toMatchObject({ text: "Hello world", usage: { inputTokens: 3 }, finishReason: "stop" })
    expect(shown).toEqual(["TextDelta", "TextDelta", "Usage", "Finish"])
    // The rest of the body is drained, so its connection is freed.
    await new Promise((resolve) => body.once("close", resolve))
    expect(body.readableEnded).toBe(true)
  })

  it("a body that ends before the answer did fails with the reader's error", async () => {
    const ending = await readTranslated({ body: bytes("t:Hi\n") }, lineReader())
    expect(ending).toMatchObject({ _tag: "Failed", answer: { text: "Hi" }, error: { reason: "InvalidOutput" } })
  })

  it("a body cut mid-way fails with what cut it, keeping what came", async () => {
    const cut = new ProviderError({ reason: "Timeout", url: "u", detail: "stalled" })
    const body = new Readable({ read() {} })
    body.push(Buffer.from("t:Hi\n"))
    setTimeout(() => body.destroy(cut), 10)
    const ending = await readTranslated({ body }, lineReader())
    expect(ending).toMatchObject({ _tag: "Failed", answer: { text: "Hi" }, error: cut })
  })

  it("an answer past the size limit ends there as length, without the event that passed it", async () => {
    const big = "x".repeat(maxAnswerChars / 2)
    const body = bytes(`t:${big}\nt:${big}\nt:more\nf\n`)
    const ending = await readTranslated({ body }, lineReader())
    expect(ending._tag).toBe("Complete")
    expect(ending.answer.finishReason).toBe("length")
    expect(ending.answer.text.length).toBe(maxAnswerChars)
  })

  it("closes an upstream that goes on past the end of its answer, after a little of it", async () => {
    let sent = 0
    const body = new Readable({
      read() {
        // Endless bytes after the finish, as a broken or hostile upstream might send; one piece per turn of the event
        // loop, as a socket's arrive (so a regression fails by the test's timeout instead of starving it).
        const piece = sent === 0 ? "t:Hi\nf\n" : "x".repeat(4096)
        sent += piece.length
        setImmediate(() => this.push(Buffer.from(piece)))
      }
    })
    const ending = await readTranslated({ body }, lineReader())
    expect(ending).toMatchObject({ _tag: "Complete", answer: { text: "Hi" } })
    await expect.poll(() => body.destroyed).toBe(true)
    expect(sent).toBeGreaterThan(maxDrainBytes)
    expect(sent).toBeLessThan(maxDrainBytes + 64 * 1024)
  })

  it("closes the upstream of an answer cut at the size limit at once", async () => {
    const big = "x".repeat(maxAnswerChars)
    const body = new Readable({ read() {} })
    body.push(Buffer.from(`t:${big}\nt:more\n`))
    const ending = await readTranslated({ body }, lineReader())
    expect(ending.answer).toMatchObject({ finishReason: "length", cut: true })
    expect(body.destroyed).toBe(true)
  })
})
