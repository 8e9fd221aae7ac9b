/**
 * The behaviour every `ConversationStore` layer must have, run against each of them (memory, SQLite). `makeLayer`
 * must give a fresh, empty store each time it is built.
 */
import { describe, expect, it } from "@effect/vitest"
import { DateTime, Effect, type Layer, TestClock } from "effect"
import { AnswerError, AnswerMeta } from "../src/domain/Conversation"
import { ConversationStore } from "../src/ConversationStore"
import { Timing } from "../src/domain/Timing"

export const answerMeta = new AnswerMeta({
  providerId: "local",
  modelId: "gpt2",
  usage: { inputTokens: 12, outputTokens: 34 },
  timing: new Timing({ firstTokenMs: 150, totalMs: 1_150, tokensPerSecond: 34, tokensEstimated: false }),
  finishReason: "length",
  finishRaw: "max_tokens",
  error: new AnswerError({ tag: "ProviderError", reason: "Network", message: "connection reset" }),
  cancelled: true
})

const at = (ms: number) => DateTime.unsafeMake(ms)

export const conversationStoreSuite = <E>(name: string, makeLayer: () => Layer.Layer<ConversationStore, E>) =>
  describe(`ConversationStore (${name})`, () => {
    const run = <A, E2>(effect: Effect.Effect<A, E2, ConversationStore>) => effect.pipe(Effect.provide(makeLayer()))

    it.effect("creates an empty conversation that get and list return", () =>
      run(
        Effect.gen(function* () {
          const store = yield* ConversationStore
          yield* TestClock.setTime(5_000)
          const created = yield* store.create({ providerId: "local", modelId: "gpt2", title: "Hello there" })
          expect(created).toMatchObject({ title: "Hello there", providerId: "local", modelId: "gpt2" })
          expect(created.createdAt).toEqual(at(5_000))
          expect(created.updatedAt).toEqual(at(5_000))
          const read = yield* store.get(created.id)
          expect(read.messages).toEqual([])
          expect(read.id).toBe(created.id)
          expect(read.title).toBe("Hello there")
          expect(yield* store.list).toEqual([created])
        })
      )
    )

    it.effect("gives each conversation its own id", () =>
      run(
        Effect.gen(function* () {
          const store = yield* ConversationStore
          const a = yield* store.create({ providerId: "p", modelId: "m", title: "a" })
          const b = yield* store.create({ providerId: "p", modelId: "m", title: "b" })
          expect(a.id).not.toBe(b.id)
        })
      )
    )

    it.effect("appends messages in order with sequence numbers, keeping an answer's meta intact", () =>
      run(
        Effect.gen(function* () {
          const store = yield* ConversationStore
          const { id } = yield* store.create({ providerId: "local", modelId: "gpt2", title: "t" })
          yield* TestClock.setTime(1_000)
          const first = yield* store.appendMessage(id, { role: "system", content: "Be brief." })
          yield* store.appendMessage(id, { role: "user", content: "Hi" })
          yield* TestClock.setTime(2_000)
          const answer = yield* store.appendMessage(id, { role: "assistant", content: "Hel", meta: answerMeta })
          expect(first.seq).toBe(1)
          expect(answer.seq).toBe(3)

          const read = yield* store.get(id)
          expect(read.messages.map((m) => [m.seq, m.role, m.content])).toEqual([
            [1, "system", "Be brief."],
            [2, "user", "Hi"],
            [3, "assistant", "Hel"]
          ])
          expect(read.messages[0]?.meta).toBeUndefined()
          expect(read.messages[2]?.meta).toEqual(answerMeta)
          expect(read.messages[2]?.createdAt).toEqual(at(2_000))
          expect(read.createdAt).toEqual(at(0))
          expect(read.updatedAt).toEqual(at(2_000))
        })
      )
    )

    it.effect("appends a batch after what is there, in order, with consecutive sequence numbers", () =>
      run(
        Effect.gen(function* () {
          const store = yield* ConversationStore
          const { id } = yield* store.create({ providerId: "local", modelId: "gpt2", title: "t" })
          yield* store.appendMessage(id, { role: "system", content: "Be brief." })
          yield* TestClock.setTime(3_000)
          // More than one INSERT's worth of rows, so a store that writes in slices keeps them in order.
          const batch = Array.from({ length: 1_234 }, (_, i) => ({ role: "user" as const, content: `m${i}` }))
          const appended = yield* store.appendMessages(id, [
            ...batch,
            { role: "assistant", content: "Hel", meta: answerMeta }
          ])
          expect(appended.map((m) => m.seq)).toEqual(Array.from({ length: 1_235 }, (_, i) => i + 2))
          const read = yield* store.get(id)
          expect(read.messages.map((m) => m.content)).toEqual(["Be brief.", ...batch.map((m) => m.content), "Hel"])
          expect(read.messages.map((m) => m.seq)).toEqual(Array.from({ length: 1_236 }, (_, i) => i + 1))
          expect(read.messages.at(-1)?.meta).toEqual(answerMeta)
          expect(read.updatedAt).toEqual(at(3_000))
          expect(yield* Effect.flip(store.appendMessages("nope", batch))).toMatchObject({ _tag: "NotFound" })
        })
      )
    )

    it.effect("lists the most recently updated conversation first", () =>
      run(
        Effect.gen(function* () {
          const store = yield* ConversationStore
          const a = yield* store.create({ providerId: "p", modelId: "m", title: "a" })
          yield* TestClock.setTime(1_000)
          const b = yield* store.create({ providerId: "p", modelId: "m", title: "b" })
          expect((yield* store.list).map((c) => c.title)).toEqual(["b", "a"])
          yield* TestClock.setTime(2_000)
          yield* store.appendMessage(a.id, { role: "user", content: "again" })
          const listed = yield* store.list
          expect(listed.map((c) => c.title)).toEqual(["a", "b"])
          expect(listed[0]?.updatedAt).toEqual(at(2_000))
          expect(listed[1]?.id).toBe(b.id)
        })
      )
    )

    it.effect("among conversations updated at the same time, the later-created one comes first", () =>
      run(
        Effect.gen(function* () {
          const store = yield* ConversationStore
          for (const title of ["one", "two", "three"]) yield* store.create({ providerId: "p", modelId: "m", title })
          expect((yield* store.list).map((c) => c.title)).toEqual(["three", "two", "one"])
        })
      )
    )

    it.effect("removes a conversation with its messages", () =>
      run(
        Effect.gen(function* () {
          const store = yield* ConversationStore
          const keep = yield* store.create({ providerId: "p", modelId: "m", title: "keep" })
          const drop = yield* store.create({ providerId: "p", modelId: "m", title: "drop" })
          yield* store.appendMessage(drop.id, { role: "user", content: "bye" })
          yield* store.remove(drop.id)
          expect((yield* store.list).map((c) => c.id)).toEqual([keep.id])
          expect(yield* Effect.flip(store.get(drop.id))).toMatchObject({ _tag: "NotFound", entity: "conversation" })
        })
      )
    )

    it.effect("an unknown id is NotFound for get, append and remove", () =>
      run(
        Effect.gen(function* () {
          const store = yield* ConversationStore
          const expected = { _tag: "NotFound", entity: "conversation", id: "nope" }
          expect(yield* Effect.flip(store.get("nope"))).toMatchObject(expected)
          expect(yield* Effect.flip(store.appendMessage("nope", { role: "user", content: "x" }))).toMatchObject(
            expected
          )
          expect(yield* Effect.flip(store.remove("nope"))).toMatchObject(expected)
        })
      )
    )
  })
