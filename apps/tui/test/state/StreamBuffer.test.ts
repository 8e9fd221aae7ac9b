import { afterEach, describe, expect, it, vi } from "vitest"
import { type Batch, StreamBuffer } from "../../src/state/StreamBuffer"

afterEach(() => {
  vi.useRealTimers()
})

describe("StreamBuffer", () => {
  it("hands over everything that arrived within an interval as one batch", () => {
    vi.useFakeTimers()
    const batches: Array<Batch> = []
    const buffer = new StreamBuffer((batch) => batches.push(batch), 40)
    for (let i = 0; i < 500; i++) buffer.push("text", "x")
    buffer.push("reasoning", "hmm")
    expect(batches).toEqual([])
    vi.advanceTimersByTime(40)
    expect(batches).toEqual([{ text: "x".repeat(500), reasoning: "hmm" }])
    vi.advanceTimersByTime(200)
    expect(batches).toHaveLength(1)
  })

  it("flushes at once when asked, and not at all when empty", () => {
    vi.useFakeTimers()
    const batches: Array<Batch> = []
    const buffer = new StreamBuffer((batch) => batches.push(batch), 40)
    buffer.flush()
    expect(batches).toEqual([])
    buffer.push("text", "end")
    buffer.flush()
    expect(batches).toEqual([{ text: "end", reasoning: "" }])
    vi.advanceTimersByTime(100)
    expect(batches).toHaveLength(1)
  })

  it("delivers nothing after dispose", () => {
    vi.useFakeTimers()
    const batches: Array<Batch> = []
    const buffer = new StreamBuffer((batch) => batches.push(batch), 40)
    buffer.push("text", "late")
    buffer.dispose()
    vi.advanceTimersByTime(100)
    expect(batches).toEqual([])
  })
})
