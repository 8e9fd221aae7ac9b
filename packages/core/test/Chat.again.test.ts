import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Either, Layer, Stream } from "effect"
import { Chat, type ChatInput, layer as chatLayer } from "../src/Chat"
import type { ChatOutput } from "../src/domain/ChatOutput"
import { ConversationStore, layerMemory as conversationsMemory } from "../src/ConversationStore"
import { layer as keyPoolLayer } from "../src/KeyPool"
import { disabled, local, providerError, storeWith } from "./support/callFixtures"
import * as Scripted from "./support/ScriptedAdapter"

const testLayer = (script: ReadonlyArray<Scripted.Expectation>) =>
  chatLayer.pipe(
    Layer.provide(keyPoolLayer),
    Layer.provideMerge(Layer.mergeAll(storeWith([local, disabled]), conversationsMemory, Scripted.layer(script)))
  )

/** Runs a stream to its end: its events, and its error if it failed. */
const drain = (stream: Stream.Stream<ChatOutput, unknown>) =>
  Effect.map(Stream.runCollect(Stream.either(stream)), (all) => {
    const events = Chunk.toArray(all)
    return {
      events: events.filter(Either.isRight).map((e) => e.right),
      error: events.find(Either.isLeft)?.left
    }
  })

const say = (extra: Partial<ChatInput> = {}): ChatInput => ({
  provider: "local",
  model: "gpt2",
  messages: [{ role: "user", content: "Hi" }],
  ...extra
})

const started = (events: ReadonlyArray<ChatOutput>) => {
  const first = events[0]
  if (first?._tag !== "Started" || first.conversationId === undefined) throw new Error("expected Started first")
  return first.conversationId
}

/** What the adapter was sent, per call: roles and texts, temperature, max tokens. */
const sent = Effect.map(
  Effect.flatMap(Scripted.ScriptedAdapter, (adapter) => adapter.calls),
  (calls) =>
    calls.map(({ request }) => ({
      messages: request?.messages.map((m) => [
        m.role,
        typeof m.content === "string" ? m.content : m.content.map((p) => ("text" in p ? p.text : p.type)).join("")
      ]),
      temperature: request?.temperature,
      maxTokens: request?.maxTokens
    }))
)

const stored = (id: string) =>
  Effect.map(
    Effect.flatMap(ConversationStore, (store) => store.get(id)),
    (conversation) => conversation.messages.map((m) => [m.seq, m.role, m.content])
  )

const answer = (text: string) => Scripted.onChat(undefined, [Scripted.text(text), Scripted.finish()])

describe("Chat: a conversation's settings", () => {
  it.effect("are kept from the first turn and used by the later ones, which may override them once", () =>
    Effect.gen(function* () {
      const chat = yield* Chat
      const first = yield* drain(chat.stream(say({ systemPrompt: "Be terse.", temperature: 0.2, maxTokens: 99 })))
      const id = started(first.events)
      expect(yield* Effect.flatMap(ConversationStore, (s) => s.get(id))).toMatchObject({
        systemPrompt: "Be terse.",
        temperature: 0.2,
        maxTokens: 99
      })
      yield* drain(chat.stream(say({ conversationId: id, messages: [{ role: "user", content: "Again" }] })))
      yield* drain(
        chat.stream(say({ conversationId: id, temperature: 1.5, messages: [{ role: "user", content: "Hot" }] }))
      )
      const [one, two, three] = yield* sent
      expect(one).toEqual({
        messages: [
          ["system", "Be terse."],
          ["user", "Hi"]
        ],
        temperature: 0.2,
        maxTokens: 99
      })
      expect(two?.messages).toEqual([
        ["system", "Be terse."],
        ["user", "Hi"],
        ["assistant", "one"],
        ["user", "Again"]
      ])
      expect(two).toMatchObject({ temperature: 0.2, maxTokens: 99 })
      expect(three).toMatchObject({ temperature: 1.5, maxTokens: 99 })
      // The system prompt is a setting, not a message.
      expect((yield* stored(id)).map(([, role]) => role)).not.toContain("system")
    }).pipe(Effect.provide(testLayer([answer("one"), answer("two"), answer("three")])))
  )

  it.effect("are refused out of bounds, naming the field, before anything is stored", () =>
    Effect.gen(function* () {
      const chat = yield* Chat
      for (const [extra, field] of [
        [{ temperature: 2.5 }, "temperature"],
        [{ maxTokens: 1_000_001 }, "maxTokens"],
        [{ systemPrompt: "x".repeat(32_001) }, "systemPrompt"],
        [{ systemPrompt: "  " }, "systemPrompt"]
      ] as const) {
        const { error } = yield* drain(chat.stream(say(extra)))
        expect(error).toMatchObject({ _tag: "InvalidInput", field })
      }
      expect(yield* chat.listConversations).toEqual([])
    }).pipe(Effect.provide(testLayer([])))
  )
})

describe("Chat.retry", () => {
  it.effect("drops a failed answer and answers the last user message again, with the same settings", () =>
    Effect.gen(function* () {
      const chat = yield* Chat
      const { events } = yield* drain(chat.stream(say({ systemPrompt: "Be kind." })))
      const id = started(events)
      expect((yield* stored(id)).map(([, role]) => role)).toEqual(["user", "assistant"])
      const again = yield* drain(chat.retry(id))
      expect(again.error).toBeUndefined()
      expect(started(again.events)).toBe(id)
      expect(yield* stored(id)).toEqual([
        [1, "user", "Hi"],
        [2, "assistant", "better"]
      ])
      const [, retried] = yield* sent
      expect(retried?.messages).toEqual([
        ["system", "Be kind."],
        ["user", "Hi"]
      ])
    }).pipe(
      Effect.provide(
        testLayer([
          Scripted.onChat(undefined, [Scripted.text("bro"), Scripted.fail(providerError("u", "Upstream"))]),
          answer("better")
        ])
      )
    )
  )

  it.effect("refuses a conversation without a user message or a disabled model, changing nothing", () =>
    Effect.gen(function* () {
      const chat = yield* Chat
      const store = yield* ConversationStore
      const empty = yield* store.create({ providerId: "local", modelId: "gpt2", title: "empty" })
      expect((yield* drain(chat.retry(empty.id))).error).toMatchObject({
        _tag: "InvalidInput",
        field: "conversationId"
      })
      const { events } = yield* drain(chat.stream(say()))
      const id = started(events)
      const before = yield* stored(id)
      expect((yield* drain(chat.retry(id, { provider: "off" }))).error).toMatchObject({ _tag: "ProviderDisabled" })
      expect((yield* drain(chat.retry("nope"))).error).toMatchObject({ _tag: "NotFound", entity: "conversation" })
      expect(yield* stored(id)).toEqual(before)
    }).pipe(Effect.provide(testLayer([answer("one")])))
  )
})

describe("Chat.edit", () => {
  it.effect("replaces a user message, drops what followed it and answers the new text", () =>
    Effect.gen(function* () {
      const chat = yield* Chat
      const { events } = yield* drain(chat.stream(say()))
      const id = started(events)
      yield* drain(chat.stream(say({ conversationId: id, messages: [{ role: "user", content: "Typo" }] })))
      const edited = yield* drain(chat.edit(id, { seq: 3, content: "Fixed" }))
      expect(edited.error).toBeUndefined()
      expect(yield* stored(id)).toEqual([
        [1, "user", "Hi"],
        [2, "assistant", "one"],
        [3, "user", "Fixed"],
        [4, "assistant", "three"]
      ])
      const calls = yield* sent
      expect(calls[2]?.messages).toEqual([
        ["user", "Hi"],
        ["assistant", "one"],
        ["user", "Fixed"]
      ])
    }).pipe(Effect.provide(testLayer([answer("one"), answer("two"), answer("three")])))
  )

  it.effect("refuses an answer, a missing message or empty text, naming what is wrong, changing nothing", () =>
    Effect.gen(function* () {
      const chat = yield* Chat
      const { events } = yield* drain(chat.stream(say()))
      const id = started(events)
      const before = yield* stored(id)
      expect((yield* drain(chat.edit(id, { seq: 2, content: "No" }))).error).toMatchObject({
        _tag: "InvalidInput",
        field: "seq",
        problem: "names an assistant message; only a user message can be edited"
      })
      expect((yield* drain(chat.edit(id, { seq: 9, content: "No" }))).error).toMatchObject({
        _tag: "NotFound",
        entity: "message"
      })
      expect((yield* drain(chat.edit(id, { seq: 1, content: " " }))).error).toMatchObject({
        _tag: "InvalidInput",
        field: "content"
      })
      expect(yield* stored(id)).toEqual(before)
    }).pipe(Effect.provide(testLayer([answer("one")])))
  )
})
