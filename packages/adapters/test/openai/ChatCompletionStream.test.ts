/**
 * Every recorded OpenAI and OpenAI-compatible file replayed through the OpenAI adapter over a real local server, as
 * `recorded/README.md` prescribes, and the neutral events checked against what the file itself says (see `Expected`).
 * Each stream is also replayed in 13-byte writes, so events split across reads decode the same.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as OpenAiAdapter from "../../src/openai/OpenAiAdapter"
import { collect, errorOf, joined, ofTag } from "../support/Chat"
import { chatRequest, HttpClientLive, provider, target } from "../support/Fixtures"
import { framingOf, recordedFiles, recordedJson } from "@switchboard/testing/Recorded"
import * as Answers from "@switchboard/testing/Answers"
import * as FakeUpstream from "@switchboard/testing/FakeUpstream"
import { type Expected, expectedFromCompletion, expectedFromStream } from "./Expected"

/** The JSON files' statuses, from the README's fmt column. */
const statusOf: Readonly<Record<string, number>> = { "openai/reasoning-model-legacy-parameter-error.json": 400 }

const files = [...recordedFiles("openai"), ...recordedFiles("openai-compatible")]

const replay = (file: string, chunkBytes?: number) =>
  Effect.gen(function* () {
    const server = yield* FakeUpstream.make
    const status = statusOf[file] ?? 200
    server.route("POST", "/v1/chat/completions", Answers.replay(file, framingOf(file), { status, chunkBytes }))
    const adapter = yield* OpenAiAdapter.make
    const openai = provider({ type: "openai", baseUrl: server.url })
    return yield* collect(adapter.streamChat(target(openai, "sk-test-key-0123456789"), chatRequest("gpt-4o")))
  }).pipe(Effect.provide(HttpClientLive))

const checkSuccess = (outcome: Effect.Effect.Success<ReturnType<typeof replay>>, expected: Expected) => {
  expect(outcome.error._tag).toBe("None")
  expect(joined(outcome.events)).toBe(expected.text)
  expect(joined(outcome.events, "ReasoningDelta")).toBe(expected.reasoning)
  const usage = ofTag(outcome.events, "Usage")
  expect(usage.map(({ inputTokens, outputTokens }) => ({ inputTokens, outputTokens }))).toEqual(
    expected.usage ? [expected.usage] : []
  )
  const finish = ofTag(outcome.events, "Finish")
  expect(finish).toHaveLength(1)
  // Every recorded finish reason is one of the neutral set, so the neutral reason is the raw one.
  expect(finish[0]?.raw).toBe(expected.finish)
  expect(finish[0]?.reason).toBe(expected.finish)
  expect(outcome.events.at(-1)?._tag).toBe("Finish")
}

describe("recorded Chat Completions files through OpenAiAdapter", () => {
  it("covers every recorded file of openai/ and openai-compatible/", () => {
    expect(files).toHaveLength(14)
  })

  for (const file of files.filter((f) => framingOf(f) !== "json")) {
    const expected = expectedFromStream(file)
    for (const chunkBytes of [undefined, 13]) {
      it.scopedLive(`${file}${chunkBytes ? ` in ${chunkBytes}-byte writes` : ""}`, () =>
        Effect.gen(function* () {
          const outcome = yield* replay(file, chunkBytes)
          if (expected.error === undefined) return checkSuccess(outcome, expected)
          // An error event inside the 200 stream: the output before it, then the upstream's own message.
          expect(joined(outcome.events)).toBe(expected.text)
          expect(ofTag(outcome.events, "Finish")).toHaveLength(0)
          const error = errorOf(outcome)
          expect(error.reason).toBe(expected.error.type === "server_error" ? "Upstream" : error.reason)
          expect(error.detail).toBe(expected.error.message)
          expect(error.retryable).toBe(true)
        })
      )
    }
  }

  it.scopedLive("openai/openai-text.json (a server that ignores stream: true) is read as one completion", () =>
    Effect.gen(function* () {
      const outcome = yield* replay("openai/openai-text.json")
      checkSuccess(outcome, expectedFromCompletion("openai/openai-text.json"))
      expect(joined(outcome.events).length).toBeGreaterThan(100)
    })
  )

  it.scopedLive("openai/reasoning-model-legacy-parameter-error.json (400) is InvalidRequest with the message", () =>
    Effect.gen(function* () {
      const file = "openai/reasoning-model-legacy-parameter-error.json"
      const outcome = yield* replay(file)
      const error = errorOf(outcome)
      const body = recordedJson(file) as { error: { message: string } }
      expect(outcome.events).toHaveLength(0)
      expect(error.reason).toBe("InvalidRequest")
      expect(error.status).toBe(400)
      expect(error.detail).toBe(body.error.message)
      expect(error.retryable).toBe(false)
    })
  )
})
