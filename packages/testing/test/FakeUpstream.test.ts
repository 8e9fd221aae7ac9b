/**
 * The shared fake upstream does what suites rely on: unrouted requests fail loudly, requests are logged (or not, for
 * the benchmark), abandoned responses and closed connections are counted, and paced frames can be cut mid-stream.
 */
import { describe, expect, it } from "vitest"
import * as Answers from "../src/Answers"
import * as FakeUpstream from "../src/FakeUpstream"

const withUpstream = async (
  options: FakeUpstream.StartOptions,
  run: (upstream: FakeUpstream.FakeUpstream) => Promise<void>
) => {
  const upstream = await FakeUpstream.start(options)
  try {
    await run(upstream)
  } finally {
    await upstream.close()
  }
}

describe("FakeUpstream", () => {
  it("answers an unrouted request with a loud 599 and logs it with its parsed body and query", () =>
    withUpstream({}, async (upstream) => {
      const response = await fetch(`${upstream.url}/nowhere?x=1`, { method: "POST", body: '{"a":1}' })
      expect(response.status).toBe(599)
      expect(await response.text()).toBe("no test route for POST /nowhere")
      const request = upstream.lastRequest()
      expect(request).toMatchObject({ method: "POST", url: "/nowhere?x=1", path: "/nowhere", body: { a: 1 } })
      expect(request.query.get("x")).toBe("1")
    }))

  it("keeps no log when record is off, but still counts connections", () =>
    withUpstream({ record: false }, async (upstream) => {
      upstream.route("GET", "/ok", Answers.json(200, { ok: true }))
      expect(await (await fetch(`${upstream.url}/ok`)).json()).toEqual({ ok: true })
      expect(upstream.requests()).toHaveLength(0)
      expect(upstream.stats().opened).toBeGreaterThanOrEqual(1)
    }))

  it("counts a response its client abandoned, and the closed connection", () =>
    withUpstream({}, async (upstream) => {
      upstream.route("POST", "/v1/chat/completions", Answers.stall("data: {}\n\n"))
      const controller = new AbortController()
      const response = await fetch(`${upstream.url}/v1/chat/completions`, {
        method: "POST",
        body: "{}",
        signal: controller.signal
      })
      expect(response.status).toBe(200)
      expect(upstream.stats().busy).toBe(1)
      controller.abort()
      await upstream.awaitAborted(1)
      await upstream.until(() => upstream.stats().closed >= 1, "a closed connection")
      expect(upstream.stats()).toMatchObject({ aborted: 1, busy: 0 })
    }))

  it("paces frames and cuts the stream where told, so the client sees a broken body", () =>
    withUpstream({}, async (upstream) => {
      upstream.route("GET", "/stream", Answers.frames(["a\n", "b\n", "c\n"], { delayMs: 0, cutAt: 2 }))
      const response = await fetch(`${upstream.url}/stream`)
      await expect(response.text()).rejects.toThrow()
      upstream.route("GET", "/whole", Answers.frames(["a\n", "b\n", "c\n"], { delayMs: 1 }))
      expect(await (await fetch(`${upstream.url}/whole`)).text()).toBe("a\nb\nc\n")
    }))

  it("rejects a wait that times out, naming what it waited for", () =>
    withUpstream({}, async (upstream) => {
      await expect(upstream.awaitRequests(1, 50)).rejects.toThrow("waited 50 ms for 1 requests (saw 0)")
    }))
})
