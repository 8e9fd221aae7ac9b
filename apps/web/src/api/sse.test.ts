import { describe, expect, it } from "vitest"
import { readSse } from "./sse"

const body = (chunks: ReadonlyArray<string | Uint8Array>) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      const encoder = new TextEncoder()
      for (const chunk of chunks) controller.enqueue(typeof chunk === "string" ? encoder.encode(chunk) : chunk)
      controller.close()
    }
  })

const collect = async (chunks: ReadonlyArray<string | Uint8Array>) => {
  const out = []
  for await (const message of readSse(body(chunks))) out.push(message)
  return out
}

describe("readSse", () => {
  it("reads events split anywhere across chunks", async () => {
    const text = 'event: delta\ndata: {"text":"Hel"}\n\nevent: delta\ndata: {"text":"lo"}\n\nevent: done\ndata: {}\n\n'
    const chunks = text.match(/.{1,3}/gs) ?? []
    expect(await collect(chunks)).toEqual([
      { event: "delta", data: '{"text":"Hel"}' },
      { event: "delta", data: '{"text":"lo"}' },
      { event: "done", data: "{}" }
    ])
  })

  it("handles CRLF, comments, multi-line data and a default event name", async () => {
    expect(await collect([": keep-alive\r\n\r\ndata: a\r\ndata: b\r\n\r\n"])).toEqual([
      { event: "message", data: "a\nb" }
    ])
  })

  it("keeps a multi-byte character split between chunks", async () => {
    const bytes = new TextEncoder().encode('event: delta\ndata: {"text":"日本"}\n\n')
    const cut = bytes.indexOf(0xe6) + 1
    const [message] = await collect([bytes.slice(0, cut), bytes.slice(cut)])
    expect(JSON.parse(message!.data)).toEqual({ text: "日本" })
  })

  it("drops an event cut off by the end of the stream (its JSON may be half there)", async () => {
    expect(await collect(['event: delta\ndata: {"text":"a"}\n\nevent: delta\ndata: {"te'])).toEqual([
      { event: "delta", data: '{"text":"a"}' }
    ])
  })
})
