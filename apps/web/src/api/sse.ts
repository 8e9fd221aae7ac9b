/**
 * Reads a `text/event-stream` body into `{event, data}` messages. `EventSource` cannot POST or send headers, so the
 * chat stream is a `fetch` whose body is read here; cancelling the fetch's signal ends the loop.
 */

export interface SseMessage {
  readonly event: string
  readonly data: string
}

/**
 * Yields each message as soon as its terminating blank line arrives. Aborting `signal` cancels the body at once,
 * even while a read waits for the next chunk, and ends the messages.
 */
export async function* readSse(body: ReadableStream<Uint8Array>, signal?: AbortSignal): AsyncGenerator<SseMessage> {
  const reader = body.getReader()
  const cancel = () => void reader.cancel().catch(() => undefined)
  signal?.addEventListener("abort", cancel, { once: true })
  const decoder = new TextDecoder()
  let buffer = ""
  let event = "message"
  let data: Array<string> = []
  try {
    while (true) {
      const { value, done } = await reader.read()
      if (done) break
      // `stream: true` keeps a multi-byte character split across chunks intact.
      buffer += decoder.decode(value, { stream: true })
      let newline = buffer.search(/\r\n|\r|\n/)
      while (newline !== -1) {
        const line = buffer.slice(0, newline)
        buffer = buffer.slice(newline + (buffer.startsWith("\r\n", newline) ? 2 : 1))
        if (line === "") {
          if (data.length > 0) yield { event, data: data.join("\n") }
          event = "message"
          data = []
        } else if (!line.startsWith(":")) {
          const colon = line.indexOf(":")
          const field = colon === -1 ? line : line.slice(0, colon)
          const raw = colon === -1 ? "" : line.slice(colon + 1)
          const text = raw.startsWith(" ") ? raw.slice(1) : raw
          if (field === "event") event = text
          else if (field === "data") data.push(text)
        }
        newline = buffer.search(/\r\n|\r|\n/)
      }
    }
    // An event cut off by the end of the stream is dropped, as the SSE spec says: its data may be half a JSON value.
  } finally {
    signal?.removeEventListener("abort", cancel)
    // Releasing on early exit (the consumer stopped) cancels the body, which closes the connection.
    await reader.cancel().catch(() => undefined)
  }
}
