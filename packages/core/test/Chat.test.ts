import { describe, expect, it } from "@effect/vitest"
import { maskKey } from "../src/domain/ApiKey"
import { Chunk, Effect, Either, Fiber, Layer, Queue, Stream, TestClock } from "effect"
import {
  Chat,
  type ChatError,
  type ChatInput,
  layer as chatLayer,
  maxAnswerChars,
  maxChatMessages,
  answerLimitReason
} from "../src/Chat"
import {
  ReasoningDelta,
  ReasoningSignature,
  TextDelta,
  ToolCallDelta,
  ToolCallEnd,
  ToolCallStart,
  Usage
} from "../src/domain/ChatEvent"
import { textOf } from "../src/domain/ChatRequest"
import type { ChatOutput } from "../src/domain/ChatOutput"
import { ConversationStore, layerMemory as conversationsMemory } from "../src/ConversationStore"
import type { ProviderError } from "../src/domain/Errors"
import { finishGraceMs } from "../src/internal/ChatUpstream"
import { authCooldownMs, layer as keyPoolLayer } from "../src/KeyPool"
import type { Provider } from "../src/domain/Provider"
import {
  disabled,
  keyA,
  keyB,
  keyC,
  keyless,
  local,
  providerError,
  single,
  storeWith,
  timeouts
} from "./support/callFixtures"
import * as Scripted from "./support/ScriptedAdapter"
import { untrusted } from "./support/untrusted"

const chatUrl = "http://localhost:8000/v1/chat/completions"

const ask = (provider: string, extra: Partial<ChatInput> = {}): ChatInput => ({
  provider,
  model: "gpt2",
  messages: [{ role: "user", content: "Say hello" }],
  ...extra
})

const error = (reason: ProviderError["reason"], fields: Partial<ConstructorParameters<typeof ProviderError>[0]> = {}) =>
  providerError(chatUrl, reason, fields)

const testLayer = (script: ReadonlyArray<Scripted.Expectation>, providers: ReadonlyArray<Provider> = [local]) => {
  return chatLayer.pipe(
    Layer.provide(keyPoolLayer),
    Layer.provideMerge(Layer.mergeAll(storeWith(providers), conversationsMemory, Scripted.layer(script)))
  )
}

interface Run {
  readonly events: ReadonlyArray<ChatOutput>
  readonly error: ChatError | undefined
}

/** Runs one chat to its end, letting `ms` of test time pass; failures are returned, not thrown. */
const run = (input: ChatInput, ms = 0) =>
  Effect.gen(function* () {
    const chat = yield* Chat
    const fiber = yield* Effect.fork(chat.stream(input).pipe(Stream.either, Stream.runCollect))
    if (ms > 0) yield* TestClock.adjust(ms)
    const all = Chunk.toArray(yield* Fiber.join(fiber))
    const events = all.filter(Either.isRight).map((e) => e.right)
    const failure = all.find(Either.isLeft)
    return { events, error: failure?.left } satisfies Run
  })

const tags = (events: ReadonlyArray<ChatOutput>) => events.map((e) => e._tag)
const texts = (events: ReadonlyArray<ChatOutput>) =>
  events.flatMap((e) => (e._tag === "TextDelta" ? [e.text] : [])).join("")
/** The conversation the run's `Started` names; a run without one fails the test here. */
const conversationOf = (events: ReadonlyArray<ChatOutput>): string => {
  const [started] = events
  if (started?._tag !== "Started" || started.conversationId === undefined)
    throw new Error(`expected Started with a conversation id first, got ${started?._tag}`)
  return started.conversationId
}
const adapter = Effect.flatMap(Scripted.ScriptedAdapter, (s) => s.calls)
const keysUsed = Effect.flatMap(Scripted.ScriptedAdapter, (s) => s.keys)

describe("Chat.stream", () => {
  it.effect("streams Started, the adapter's events and Completed with timing from the clock", () =>
    Effect.gen(function* () {
      const { events, error: failure } = yield* run(ask("local", { maxTokens: 64, temperature: 0.5 }), 600)
      expect(failure).toBeUndefined()
      expect(tags(events)).toEqual(["Started", "ReasoningDelta", "TextDelta", "TextDelta", "Usage", "Completed"])
      expect(events[0]).toMatchObject({ _tag: "Started", url: chatUrl })
      expect(texts(events)).toBe("Hello")
      const completed = events.at(-1)
      expect(completed).toMatchObject({
        _tag: "Completed",
        finishReason: "length",
        raw: "max_tokens",
        usage: new Usage({ inputTokens: 10, outputTokens: 9 })
      })
      // First token at 200 ms, end at 500 ms: 9 tokens over the 300 ms of generation.
      expect(completed?._tag === "Completed" && { ...completed.timing }).toEqual({
        firstTokenMs: 200,
        totalMs: 500,
        tokensPerSecond: 30,
        tokensEstimated: false
      })
      const [call] = yield* adapter
      expect(call?.request).toMatchObject({ model: "gpt2", maxTokens: 64, temperature: 0.5 })
      expect(call?.request?.messages).toEqual([{ role: "user", content: [{ type: "text", text: "Say hello" }] }])
      expect(call?.ended).toBe("done")
    }).pipe(
      Effect.provide(
        testLayer([
          Scripted.onChat(keyA, [
            Scripted.sleep(200),
            Scripted.emit(new ReasoningDelta({ text: "greet" })),
            Scripted.text("Hel"),
            Scripted.sleep(300),
            Scripted.text("lo"),
            Scripted.usage(10, 9),
            Scripted.finish("length", "max_tokens")
          ])
        ])
      )
    )
  )

  it.effect("without usage from the provider, the speed is estimated from the text and says so", () =>
    Effect.gen(function* () {
      const { events } = yield* run(ask("local"), 1_000)
      const completed = events.at(-1)
      expect(completed).toMatchObject({ _tag: "Completed", finishReason: "stop" })
      expect(completed?._tag === "Completed" && completed.usage).toBeUndefined()
      // 40 characters ≈ 10 tokens, over 400 ms of generation.
      expect(completed?._tag === "Completed" && { ...completed.timing }).toEqual({
        firstTokenMs: 100,
        totalMs: 500,
        tokensPerSecond: 25,
        tokensEstimated: true
      })
    }).pipe(
      Effect.provide(
        testLayer([
          Scripted.onChat(keyA, [
            Scripted.sleep(100),
            Scripted.text("a".repeat(20)),
            Scripted.sleep(400),
            Scripted.text("b".repeat(20))
          ])
        ])
      )
    )
  )

  describe("refuses", () => {
    const refused = (input: ChatInput) =>
      Effect.gen(function* () {
        const { events, error: failure } = yield* run(input)
        expect(events).toEqual([])
        expect(yield* adapter).toEqual([])
        expect(yield* (yield* ConversationStore).list).toEqual([])
        return failure
      })

    it.effect("input that does not decode, naming the field", () =>
      Effect.gen(function* () {
        expect(yield* refused(untrusted({ provider: "local", model: "gpt2" }))).toMatchObject({
          _tag: "InvalidInput",
          field: "messages"
        })
        expect(yield* refused(ask("local", untrusted({ messages: [{ role: "robot", content: "x" }] })))).toMatchObject({
          _tag: "InvalidInput",
          field: "messages[0].role"
        })
        expect(yield* refused(ask("local", untrusted({ messages: [] })))).toMatchObject({ field: "messages[0]" })
        // Refused by count before any message is decoded: a bad message past the limit is never looked at.
        const tooMany = Array.from({ length: maxChatMessages + 1 }, () => ({ role: "user", content: "x" }))
        const tooLong = yield* refused(ask("local", untrusted({ messages: [...tooMany, { role: "robot" }] })))
        expect(tooLong).toMatchObject({ _tag: "InvalidInput", field: "messages" })
        expect(tooLong?.message).toContain("at most that many")
        expect(yield* refused(ask("local", { maxTokens: 0 }))).toMatchObject({ field: "maxTokens" })
        expect(yield* refused(ask("local", { temperature: 3 }))).toMatchObject({ field: "temperature" })
      }).pipe(Effect.provide(testLayer([])))
    )

    it.effect("a provider that does not exist", () =>
      Effect.gen(function* () {
        expect(yield* refused(ask("nope"))).toMatchObject({ _tag: "NotFound", entity: "provider", id: "nope" })
      }).pipe(Effect.provide(testLayer([])))
    )

    it.effect("a disabled provider", () =>
      Effect.gen(function* () {
        expect(yield* refused(ask("off"))).toMatchObject({ _tag: "ProviderDisabled", providerId: "off" })
      }).pipe(Effect.provide(testLayer([], [disabled])))
    )

    it.effect("a model the provider does not have", () =>
      Effect.gen(function* () {
        expect(yield* refused(ask("local", { model: "gpt-9" }))).toMatchObject({
          _tag: "UnknownModel",
          providerId: "local",
          modelId: "gpt-9"
        })
      }).pipe(Effect.provide(testLayer([])))
    )

    it.effect("a conversation that does not exist", () =>
      Effect.gen(function* () {
        expect(yield* refused(ask("local", { conversationId: "gone" }))).toMatchObject({
          _tag: "NotFound",
          entity: "conversation"
        })
      }).pipe(Effect.provide(testLayer([])))
    )
  })

  describe("keys", () => {
    it.effect("rotate round-robin, one key per request", () =>
      Effect.gen(function* () {
        for (let i = 0; i < 4; i++) expect((yield* run(ask("local"))).error).toBeUndefined()
        expect(yield* keysUsed).toEqual([keyA, keyB, keyC, keyA])
      }).pipe(
        Effect.provide(testLayer(Array.from({ length: 4 }, () => Scripted.onChat(undefined, [Scripted.text("x")]))))
      )
    )

    it.effect("a keyless provider is called without a key", () =>
      Effect.gen(function* () {
        expect((yield* run(ask("vllm"))).error).toBeUndefined()
        expect(yield* keysUsed).toEqual([null])
      }).pipe(Effect.provide(testLayer([Scripted.onChat(null, [Scripted.text("x")])], [keyless])))
    )

    it.effect("a refused key fails over to the next at once, and is skipped until its cooldown ends", () =>
      Effect.gen(function* () {
        const first = yield* run(ask("local"))
        expect(first.error).toBeUndefined()
        expect(tags(first.events)).toEqual(["Started", "TextDelta", "Completed"])
        expect(texts(first.events)).toBe("from b")
        yield* run(ask("local"))
        yield* run(ask("local"))
        expect(yield* keysUsed).toEqual([keyA, keyB, keyC, keyB])
        yield* TestClock.adjust(authCooldownMs)
        yield* run(ask("local"))
        expect((yield* keysUsed).at(-1)).toBe(keyC)
        yield* run(ask("local"))
        expect((yield* keysUsed).at(-1)).toBe(keyA)
      }).pipe(
        Effect.provide(
          testLayer([
            Scripted.onChat(keyA, [Scripted.fail(error("Authentication", { status: 401 }))]),
            Scripted.onChat(keyB, [Scripted.text("from b")]),
            Scripted.onChat(keyC, [Scripted.text("x")]),
            Scripted.onChat(keyB, [Scripted.text("x")]),
            Scripted.onChat(keyC, [Scripted.text("x")]),
            Scripted.onChat(keyA, [Scripted.text("x")])
          ])
        )
      )
    )

    it.effect("a throttled key fails over to the next at once", () =>
      Effect.gen(function* () {
        const { events, error: failure } = yield* run(ask("local"))
        expect(failure).toBeUndefined()
        expect(texts(events)).toBe("ok")
        expect(yield* keysUsed).toEqual([keyA, keyB])
      }).pipe(
        Effect.provide(
          testLayer([
            Scripted.onChat(keyA, [Scripted.fail(error("RateLimit", { status: 429, retryAfterMs: 60_000 }))]),
            Scripted.onChat(keyB, [Scripted.text("ok")])
          ])
        )
      )
    )

    it.effect("a 429 on one key and a 401 on the next: reported as RateLimit, with each key's own outcome", () =>
      Effect.gen(function* () {
        const { error: failure } = yield* run(ask("local"))
        expect(failure).toMatchObject({ _tag: "ProviderError", reason: "RateLimit", status: 429 })
        const detail = failure?._tag === "ProviderError" ? failure.detail : ""
        expect(detail).toContain(`${maskKey(keyA)}: RateLimit (HTTP 429)`)
        expect(detail).toContain(`${maskKey(keyB)}: Authentication (HTTP 401)`)
      }).pipe(
        Effect.provide(
          testLayer([
            Scripted.onChat(keyA, [Scripted.fail(error("RateLimit", { status: 429, retryAfterMs: 60_000 }))]),
            Scripted.onChat(keyB, [Scripted.fail(error("Authentication", { status: 401 }))]),
            Scripted.onChat(keyC, [Scripted.fail(error("Authentication", { status: 401 }))])
          ])
        )
      )
    )

    it.effect("when every key is refused, each is tried once and the answer is the Authentication error", () =>
      Effect.gen(function* () {
        const { events, error: failure } = yield* run(ask("local"))
        expect(tags(events)).toEqual(["Started"])
        expect(failure).toMatchObject({ _tag: "ProviderError", reason: "Authentication", status: 403 })
        expect(yield* keysUsed).toEqual([keyA, keyB, keyC])
      }).pipe(
        Effect.provide(
          testLayer([
            Scripted.onChat(keyA, [Scripted.fail(error("Authentication", { status: 401 }))]),
            Scripted.onChat(keyB, [Scripted.fail(error("Authentication", { status: 401 }))]),
            Scripted.onChat(keyC, [Scripted.fail(error("Authentication", { status: 403 }))])
          ])
        )
      )
    )
  })

  describe("retries", () => {
    it.effect("retry an upstream failure after a jittered backoff, then succeed", () =>
      Effect.gen(function* () {
        const chat = yield* Chat
        const fiber = yield* Effect.fork(chat.stream(ask("single")).pipe(Stream.runCollect))
        // The first delay is 500 ms ± 20 %, the second 1 s ± 20 %: the second retry comes 1.2 s to 1.8 s in, whatever
        // the jitter drew (checking at 1.4 s failed whenever both draws were low).
        yield* TestClock.adjust(399)
        expect(yield* keysUsed).toHaveLength(1)
        yield* TestClock.adjust(201)
        expect(yield* keysUsed).toHaveLength(2)
        yield* TestClock.adjust(599)
        expect(yield* keysUsed).toHaveLength(2)
        yield* TestClock.adjust(601)
        expect(yield* keysUsed).toHaveLength(3)
        const events = Chunk.toArray(yield* Fiber.join(fiber))
        expect(tags(events)).toEqual(["Started", "TextDelta", "Completed"])
        const calls = yield* adapter
        expect(calls.map((c) => c.ended)).toEqual(["failed", "failed", "done"])
      }).pipe(
        Effect.provide(
          testLayer(
            [
              Scripted.onChat(keyA, [Scripted.fail(error("Upstream", { status: 500 }))]),
              Scripted.onChat(keyA, [Scripted.fail(error("Network"))]),
              Scripted.onChat(keyA, [Scripted.text("finally")])
            ],
            [single]
          )
        )
      )
    )

    it.effect("honour Retry-After when it is longer than the backoff", () =>
      Effect.gen(function* () {
        const chat = yield* Chat
        const fiber = yield* Effect.fork(chat.stream(ask("single")).pipe(Stream.runCollect))
        yield* TestClock.adjust(4_999)
        expect(yield* keysUsed).toHaveLength(1)
        yield* TestClock.adjust(1)
        expect(yield* keysUsed).toHaveLength(2)
        expect(texts(Chunk.toArray(yield* Fiber.join(fiber)))).toBe("ok")
      }).pipe(
        Effect.provide(
          testLayer(
            [
              Scripted.onChat(keyA, [Scripted.fail(error("RateLimit", { status: 429, retryAfterMs: 5_000 }))]),
              Scripted.onChat(keyA, [Scripted.text("ok")])
            ],
            [single]
          )
        )
      )
    )

    it.effect("a 429 without Retry-After on a one-key provider retries after the backoff, not a 30 s cooldown", () =>
      Effect.gen(function* () {
        const chat = yield* Chat
        const fiber = yield* Effect.fork(chat.stream(ask("single")).pipe(Stream.runCollect))
        // vLLM and Ollama send no Retry-After: the first backoff (500 ms ± 20 %) applies.
        yield* TestClock.adjust(399)
        expect(yield* keysUsed).toHaveLength(1)
        yield* TestClock.adjust(201)
        expect(yield* keysUsed).toHaveLength(2)
        expect(texts(Chunk.toArray(yield* Fiber.join(fiber)))).toBe("ok")
      }).pipe(
        Effect.provide(
          testLayer(
            [
              Scripted.onChat(keyA, [Scripted.fail(error("RateLimit", { status: 429 }))]),
              Scripted.onChat(keyA, [Scripted.text("ok")])
            ],
            [single]
          )
        )
      )
    )

    it.effect("stop after maxRetries and end with the last error", () =>
      Effect.gen(function* () {
        const { events, error: failure } = yield* run(ask("single"), 60_000)
        expect(tags(events)).toEqual(["Started"])
        expect(failure).toMatchObject({ _tag: "ProviderError", reason: "Upstream", status: 503 })
        expect(yield* keysUsed).toHaveLength(1 + timeouts.maxRetries)
      }).pipe(
        Effect.provide(
          testLayer(
            [
              Scripted.onChat(keyA, [Scripted.fail(error("Upstream", { status: 500 }))]),
              Scripted.onChat(keyA, [Scripted.fail(error("Upstream", { status: 502 }))]),
              Scripted.onChat(keyA, [Scripted.fail(error("Upstream", { status: 503 }))])
            ],
            [single]
          )
        )
      )
    )

    it.effect("never happen once output has started", () =>
      Effect.gen(function* () {
        const { events, error: failure } = yield* run(ask("local"), 60_000)
        expect(tags(events)).toEqual(["Started", "TextDelta"])
        expect(failure).toMatchObject({ _tag: "ProviderError", reason: "Upstream" })
        expect(yield* keysUsed).toEqual([keyA])
      }).pipe(
        Effect.provide(testLayer([Scripted.onChat(keyA, [Scripted.text("Hel"), Scripted.fail(error("Upstream"))])]))
      )
    )

    it.effect("never happen for a failure that another try would not fix", () =>
      Effect.gen(function* () {
        const { error: failure } = yield* run(ask("local"), 60_000)
        expect(failure).toMatchObject({ reason: "NotFound", status: 404 })
        expect(yield* keysUsed).toEqual([keyA])
      }).pipe(Effect.provide(testLayer([Scripted.onChat(keyA, [Scripted.fail(error("NotFound", { status: 404 }))])])))
    )
  })

  describe("timeouts", () => {
    it.effect("no first event within firstByteMs is a Timeout naming the chat URL, and aborts the request", () =>
      Effect.gen(function* () {
        const chat = yield* Chat
        const fiber = yield* Effect.fork(chat.stream(ask("local")).pipe(Stream.either, Stream.runCollect))
        yield* TestClock.adjust(999)
        expect((yield* Fiber.poll(fiber))._tag).toBe("None")
        yield* TestClock.adjust(1)
        const all = Chunk.toArray(yield* Fiber.join(fiber))
        expect(all.at(-1)).toEqual(Either.left(expect.objectContaining({ reason: "Timeout", url: chatUrl })))
        expect((yield* adapter).map((c) => c.ended)).toEqual(["interrupted"])
      }).pipe(Effect.provide(testLayer([Scripted.onChat(keyA, [Scripted.sleep(5_000), Scripted.text("late")])])))
    )

    it.effect("a gap longer than idleMs between events is a Timeout", () =>
      Effect.gen(function* () {
        const { events, error: failure } = yield* run(ask("local"), 10_000)
        expect(texts(events)).toBe("Hel")
        expect(failure).toMatchObject({ reason: "Timeout", url: chatUrl })
        expect((yield* adapter)[0]?.ended).toBe("interrupted")
      }).pipe(
        Effect.provide(
          testLayer([Scripted.onChat(keyA, [Scripted.text("Hel"), Scripted.sleep(501), Scripted.text("lo")])])
        )
      )
    )

    it.effect(
      "after Finish the adapter gets finishGraceMs to end its stream, then the answer completes without it",
      () =>
        Effect.gen(function* () {
          const chat = yield* Chat
          const fiber = yield* Effect.fork(chat.stream(ask("local")).pipe(Stream.runCollect))
          yield* TestClock.adjust(finishGraceMs - 1)
          expect((yield* Fiber.poll(fiber))._tag).toBe("None")
          yield* TestClock.adjust(1)
          const events = Chunk.toArray(yield* Fiber.join(fiber))
          expect(tags(events)).toEqual(["Started", "TextDelta", "Completed"])
          expect(events.at(-1)).toMatchObject({ finishReason: "stop", timing: { totalMs: 0 } })
          expect((yield* adapter)[0]?.ended).toBe("interrupted")
        }).pipe(
          Effect.provide(
            testLayer([Scripted.onChat(keyA, [Scripted.text("hi"), Scripted.finish("stop"), Scripted.hang])])
          )
        )
    )

    it.effect("gaps just under idleMs are fine, however long the whole answer takes", () =>
      Effect.gen(function* () {
        const { events, error: failure } = yield* run(ask("local"), 10_000)
        expect(failure).toBeUndefined()
        expect(texts(events)).toBe("abcd")
      }).pipe(
        Effect.provide(
          testLayer([
            Scripted.onChat(
              keyA,
              ["a", "b", "c", "d"].flatMap((t) => [Scripted.sleep(499), Scripted.text(t)])
            )
          ])
        )
      )
    )
  })
})

describe("Chat conversations", () => {
  it.effect("a new chat creates a conversation titled by its first message and saves both sides", () =>
    Effect.gen(function* () {
      const chat = yield* Chat
      const { events } = yield* run(ask("local"), 1_000)
      const id = conversationOf(events)
      const listed = yield* chat.listConversations
      expect(listed.map((c) => [c.id, c.title, c.providerId, c.modelId])).toEqual([[id, "Say hello", "local", "gpt2"]])
      const stored = yield* chat.getConversation(id)
      expect(stored.messages.map((m) => [m.role, m.content])).toEqual([
        ["user", "Say hello"],
        ["assistant", "Hello!"]
      ])
      expect(stored.messages[1]?.meta).toMatchObject({
        providerId: "local",
        modelId: "gpt2",
        usage: { inputTokens: 3, outputTokens: 2 },
        finishReason: "stop",
        cancelled: false
      })
      expect(stored.messages[1]?.meta?.timing).toMatchObject({ firstTokenMs: 100, totalMs: 100 })
      expect(stored.messages[1]?.meta?.error).toBeUndefined()
    }).pipe(
      Effect.provide(
        testLayer([
          Scripted.onChat(keyA, [Scripted.sleep(100), Scripted.text("Hello!"), Scripted.usage(3, 2), Scripted.finish()])
        ])
      )
    )
  )

  it.effect("an answer with signed reasoning and a tool call is kept as parts and sent back whole", () =>
    Effect.gen(function* () {
      const chat = yield* Chat
      const { events } = yield* run(ask("local"), 1_000)
      expect(events.map((e) => e._tag)).toEqual([
        "Started",
        "ReasoningDelta",
        "ReasoningSignature",
        "ToolCallStart",
        "ToolCallDelta",
        "ToolCallEnd",
        "Completed"
      ])
      const id = conversationOf(events)
      const answer = (yield* chat.getConversation(id)).messages[1]!
      const parts = [
        { type: "reasoning", text: "Weather needs a tool.", signature: "sig-1", signedBy: local.type },
        { type: "tool-call", id: "call-1", name: "weather", arguments: '{"city":"Paris"}' }
      ]
      expect(answer).toMatchObject({ role: "assistant", content: "", parts, meta: { finishReason: "tool_calls" } })
      const result = { type: "tool-result", callId: "call-1", content: "21" } as const
      yield* run(ask("local", { conversationId: id, messages: [{ role: "tool", content: [result] }] }), 1_000)
      const [, second] = yield* Effect.flatMap(Scripted.ScriptedAdapter, (adapter) => adapter.calls)
      expect(second?.request?.messages.slice(1)).toEqual([
        { role: "assistant", content: parts },
        { role: "tool", content: [result] }
      ])
    }).pipe(
      Effect.provide(
        testLayer([
          Scripted.onChat(keyA, [
            Scripted.emit(new ReasoningDelta({ text: "Weather needs a tool." })),
            Scripted.emit(new ReasoningSignature({ signature: "sig-1" })),
            Scripted.emit(new ToolCallStart({ index: 0, id: "call-1", name: "weather" })),
            Scripted.emit(new ToolCallDelta({ index: 0, arguments: '{"city":"Paris"}' })),
            Scripted.emit(new ToolCallEnd({ index: 0 })),
            Scripted.finish("tool_calls")
          ]),
          Scripted.onChat(keyB, [Scripted.text("21 degrees."), Scripted.finish()])
        ])
      )
    )
  )

  it.effect("a turn of the most messages allowed is saved whole, in one batch", () =>
    Effect.gen(function* () {
      const chat = yield* Chat
      const messages = Array.from({ length: maxChatMessages }, (_, i) => ({ role: "user" as const, content: `m${i}` }))
      const { events, error: failure } = yield* run(ask("local", { messages: [messages[0]!, ...messages.slice(1)] }))
      expect(failure).toBeUndefined()
      const stored = yield* chat.getConversation(conversationOf(events))
      expect(stored.messages).toHaveLength(maxChatMessages + 1)
      expect(stored.messages.at(-2)?.content).toBe(`m${maxChatMessages - 1}`)
      expect(stored.messages.at(-1)?.content).toBe("Hi")
    }).pipe(Effect.provide(testLayer([Scripted.onChat(keyA, [Scripted.text("Hi"), Scripted.finish()])])))
  )

  it.effect("continuing a conversation sends its history first and appends the new turn", () =>
    Effect.gen(function* () {
      const chat = yield* Chat
      const first = yield* run(ask("local"))
      const conversationId = conversationOf(first.events)
      const second = yield* run({
        provider: "local",
        model: "gpt2",
        conversationId,
        messages: [{ role: "user", content: "And goodbye?" }]
      })
      expect(second.events[0]).toMatchObject({ _tag: "Started", conversationId })
      const calls = yield* adapter
      expect(calls[1]?.request?.messages.map((m) => [m.role, textOf(m)])).toEqual([
        ["user", "Say hello"],
        ["assistant", "Hello!"],
        ["user", "And goodbye?"]
      ])
      const stored = yield* chat.getConversation(conversationId)
      expect(stored.messages.map((m) => m.content)).toEqual(["Say hello", "Hello!", "And goodbye?", "Goodbye!"])
      expect(yield* chat.listConversations).toHaveLength(1)
      yield* chat.removeConversation(conversationId)
      expect(yield* chat.listConversations).toEqual([])
    }).pipe(
      Effect.provide(
        testLayer([
          Scripted.onChat(keyA, [Scripted.text("Hello!")]),
          Scripted.onChat(keyB, [Scripted.text("Goodbye!")])
        ])
      )
    )
  )

  it.effect(
    "a failed answer is saved with its partial text and error; empty failed answers stay out of the history",
    () =>
      Effect.gen(function* () {
        const chat = yield* Chat
        const first = yield* run(ask("single"))
        const conversationId = conversationOf(first.events)
        const stored = yield* chat.getConversation(conversationId)
        expect(stored.messages[1]).toMatchObject({ role: "assistant", content: "Hel" })
        expect(stored.messages[1]?.meta).toMatchObject({
          cancelled: false,
          error: { tag: "ProviderError", reason: "InvalidOutput" }
        })
        expect(stored.messages[1]?.meta?.error?.message).toContain("bad chunk")

        const second = yield* run({ ...ask("single"), conversationId })
        expect(second.error).toMatchObject({ reason: "NotFound" })
        yield* run({ ...ask("single"), conversationId })
        const calls = yield* adapter
        // The empty failed answer of the second turn is stored, but not sent back to the model.
        expect(calls[2]?.request?.messages.map(textOf)).toEqual(["Say hello", "Hel", "Say hello", "Say hello"])
        expect((yield* chat.getConversation(conversationId)).messages.map((m) => m.content)).toEqual([
          "Say hello",
          "Hel",
          "Say hello",
          "",
          "Say hello",
          "fine"
        ])
      }).pipe(
        Effect.provide(
          testLayer(
            [
              Scripted.onChat(keyA, [
                Scripted.text("Hel"),
                Scripted.fail(error("InvalidOutput", { detail: "bad chunk" }))
              ]),
              Scripted.onChat(keyA, [Scripted.fail(error("NotFound", { status: 404 }))]),
              Scripted.onChat(keyA, [Scripted.text("fine")])
            ],
            [single]
          )
        )
      )
  )

  it.effect("cancelling the consumer aborts the adapter stream and saves the partial answer as cancelled", () =>
    Effect.gen(function* () {
      const chat = yield* Chat
      const seen = yield* Queue.unbounded<ChatOutput>()
      const fiber = yield* Effect.fork(chat.stream(ask("local")).pipe(Stream.runForEach((e) => Queue.offer(seen, e))))
      const started = yield* Queue.take(seen)
      expect(yield* Queue.take(seen)).toEqual(new TextDelta({ text: "Hel" }))
      yield* TestClock.adjust(200)
      yield* Fiber.interrupt(fiber)

      expect((yield* adapter).map((c) => c.ended)).toEqual(["interrupted"])
      const id = conversationOf([started])
      const answer = (yield* chat.getConversation(id)).messages[1]
      expect(answer).toMatchObject({ role: "assistant", content: "Hel" })
      expect(answer?.meta).toMatchObject({ cancelled: true })
      expect(answer?.meta?.error).toBeUndefined()
      expect(answer?.meta?.timing).toMatchObject({ firstTokenMs: 0, totalMs: 200 })
    }).pipe(Effect.provide(testLayer([Scripted.onChat(keyA, [Scripted.text("Hel"), Scripted.hang])])))
  )

  it.effect("an answer that reaches maxAnswerChars ends there: what fits is streamed and saved, cut, as length", () =>
    Effect.gen(function* () {
      const chat = yield* Chat
      const { events, error: failure } = yield* run(ask("local"))
      expect(failure).toBeUndefined()
      // The emoji straddles the limit: it is left out whole rather than split into half a surrogate pair.
      const kept = `${"r".repeat(1000)}${"x".repeat(maxAnswerChars - 1000 - 1)}`
      const streamed = events.flatMap((e) => (e._tag === "TextDelta" || e._tag === "ReasoningDelta" ? [e.text] : []))
      expect(streamed.join("")).toBe(kept)
      expect(events.at(-1)).toMatchObject({ _tag: "Completed", finishReason: "length", raw: answerLimitReason })
      // Nothing after the limit is read: the upstream's stream was closed, not drained.
      expect((yield* adapter).map((c) => c.ended)).toEqual(["interrupted"])
      const answer = (yield* chat.getConversation(conversationOf(events))).messages[1]
      expect(answer?.content).toBe(kept.slice(1000))
      expect(answer?.meta).toMatchObject({ finishReason: "length", finishRaw: answerLimitReason, cut: true })
      expect(answer?.meta?.reasoning).toBe("r".repeat(1000))
      expect(answer?.meta?.cancelled).toBe(false)
    }).pipe(
      Effect.provide(
        testLayer([
          Scripted.onChat(keyA, [
            Scripted.emit(new ReasoningDelta({ text: "r".repeat(1000) })),
            Scripted.text("x".repeat(maxAnswerChars - 2000)),
            Scripted.text(`${"x".repeat(999)}\u{1F600}never shown`),
            Scripted.hang
          ])
        ])
      )
    )
  )

  it.effect("a consumer that stops reading early also counts as a cancellation", () =>
    Effect.gen(function* () {
      const chat = yield* Chat
      const taken = Chunk.toArray(yield* chat.stream(ask("local")).pipe(Stream.take(2), Stream.runCollect))
      expect(tags(taken)).toEqual(["Started", "TextDelta"])
      expect((yield* adapter)[0]?.ended).toBeDefined()
      const [conversation] = yield* chat.listConversations
      const answer = (yield* chat.getConversation(conversation?.id ?? "")).messages[1]
      expect(answer).toMatchObject({ content: "Hel", meta: { cancelled: true } })
    }).pipe(
      Effect.provide(testLayer([Scripted.onChat(keyA, [Scripted.text("Hel"), Scripted.text("lo"), Scripted.hang])]))
    )
  )

  it.effect("persist: false answers without saving, reading a given conversation's history only", () =>
    Effect.gen(function* () {
      const chat = yield* Chat
      const saved = conversationOf((yield* run(ask("local"))).events)
      const before = yield* chat.getConversation(saved)

      const fresh = Chunk.toArray(yield* chat.stream(ask("local"), { persist: false }).pipe(Stream.runCollect))
      expect(fresh[0]).toMatchObject({ _tag: "Started", url: chatUrl })
      expect(fresh[0]?._tag === "Started" && fresh[0].conversationId).toBeUndefined()
      expect(texts(fresh)).toBe("two")

      const continued = chat.stream({ ...ask("local"), conversationId: saved }, { persist: false })
      expect(texts(Chunk.toArray(yield* Stream.runCollect(continued)))).toBe("three")
      expect((yield* adapter)[2]?.request?.messages.map(textOf)).toEqual(["Say hello", "one", "Say hello"])

      expect(yield* chat.listConversations).toHaveLength(1)
      expect(yield* chat.getConversation(saved)).toEqual(before)
    }).pipe(
      Effect.provide(
        testLayer([
          Scripted.onChat(keyA, [Scripted.text("one")]),
          Scripted.onChat(keyB, [Scripted.text("two")]),
          Scripted.onChat(keyC, [Scripted.text("three")])
        ])
      )
    )
  )
})
