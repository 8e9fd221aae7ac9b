/**
 * The behaviour every `ConversationStore` layer must have, run against each of them (memory, SQLite). `makeLayer`
 * must give a fresh, empty store each time it is built.
 */
import { describe, expect, it } from "@effect/vitest"
import { DateTime, Effect, type Layer, TestClock } from "effect"
import { AnswerError, AnswerMeta, Conversation } from "../src/domain/Conversation"
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
          expect(yield* Effect.flip(store.update("nope", { title: "x" }))).toMatchObject(expected)
          expect(yield* Effect.flip(store.removeMessage("nope", 1))).toMatchObject(expected)
          expect(yield* Effect.flip(store.replaceFrom("nope", 1, []))).toMatchObject(expected)
        })
      )
    )

    it.effect("keeps a conversation's settings from its creation, and changes or removes them without moving it", () =>
      run(
        Effect.gen(function* () {
          const store = yield* ConversationStore
          const settings = { systemPrompt: "Answer in French.", temperature: 0.25, maxTokens: 512 }
          const set = yield* store.create({ providerId: "p", modelId: "m", title: "set", ...settings })
          yield* TestClock.setTime(1_000)
          const other = yield* store.create({ providerId: "p", modelId: "m", title: "other" })
          expect(set).toMatchObject(settings)
          expect(yield* store.get(set.id)).toMatchObject(settings)
          expect(other.systemPrompt).toBeUndefined()

          yield* TestClock.setTime(2_000)
          const renamed = yield* store.update(set.id, { title: "Renamed", temperature: 1.5, systemPrompt: undefined })
          expect(renamed).toMatchObject({ title: "Renamed", temperature: 1.5, maxTokens: 512 })
          expect("systemPrompt" in renamed).toBe(false)
          const read = yield* store.get(set.id)
          expect(read).toMatchObject({ title: "Renamed", temperature: 1.5, maxTokens: 512, updatedAt: at(0) })
          expect(read.systemPrompt).toBeUndefined()
          expect((yield* store.list).map((c) => c.title)).toEqual(["other", "Renamed"])
        })
      )
    )

    it.effect("removes one message, the others keeping their numbers, and appends after the last", () =>
      run(
        Effect.gen(function* () {
          const store = yield* ConversationStore
          const { id } = yield* store.create({ providerId: "p", modelId: "m", title: "t" })
          yield* store.appendMessages(
            id,
            ["one", "two", "three"].map((content) => ({ role: "user", content }))
          )
          yield* store.removeMessage(id, 2)
          expect((yield* store.get(id)).messages.map((m) => [m.seq, m.content])).toEqual([
            [1, "one"],
            [3, "three"]
          ])
          expect(yield* Effect.flip(store.removeMessage(id, 2))).toMatchObject({ _tag: "NotFound", entity: "message" })
          expect((yield* store.appendMessage(id, { role: "user", content: "four" })).seq).toBe(4)
        })
      )
    )

    it.effect("replaces the messages from one on, in one step, and moves the conversation up", () =>
      run(
        Effect.gen(function* () {
          const store = yield* ConversationStore
          const { id } = yield* store.create({ providerId: "p", modelId: "m", title: "t" })
          yield* store.appendMessages(id, [
            { role: "user", content: "Hi" },
            { role: "assistant", content: "Hello", meta: answerMeta },
            { role: "user", content: "Typo" },
            { role: "assistant", content: "?", meta: answerMeta }
          ])
          yield* TestClock.setTime(4_000)
          const edited = yield* store.replaceFrom(id, 3, [{ role: "user", content: "Fixed" }])
          expect(edited.messages.map((m) => [m.seq, m.role, m.content])).toEqual([
            [1, "user", "Hi"],
            [2, "assistant", "Hello"],
            [3, "user", "Fixed"]
          ])
          expect(edited.updatedAt).toEqual(at(4_000))
          expect(yield* store.get(id)).toEqual(edited)
          // Dropping the last answer only (retry).
          const retried = yield* store.replaceFrom(id, 4, [])
          expect(retried.messages.map((m) => m.seq)).toEqual([1, 2, 3])
          const dropped = yield* store.replaceFrom(id, 2, [])
          expect(dropped.messages.map((m) => m.content)).toEqual(["Hi"])
        })
      )
    )

    it.effect("searches titles and message text, ignoring ASCII case, newest first; wildcards are plain text", () =>
      run(
        Effect.gen(function* () {
          const store = yield* ConversationStore
          const titled = yield* store.create({ providerId: "p", modelId: "m", title: "Rust lifetimes" })
          yield* TestClock.setTime(1_000)
          const texted = yield* store.create({ providerId: "p", modelId: "m", title: "Untitled" })
          yield* store.appendMessages(texted.id, [
            { role: "user", content: "How do RUST traits work? 100% sure_thing" },
            { role: "assistant", content: "模型 answers", meta: answerMeta }
          ])
          yield* store.create({ providerId: "p", modelId: "m", title: "Cooking" })
          expect((yield* store.search("rust")).map((c) => c.id)).toEqual([texted.id, titled.id])
          expect((yield* store.search("模型")).map((c) => c.id)).toEqual([texted.id])
          expect((yield* store.search("100%")).map((c) => c.id)).toEqual([texted.id])
          expect((yield* store.search("sure_thing")).map((c) => c.id)).toEqual([texted.id])
          expect(yield* store.search("0%s")).toEqual([])
          expect(yield* store.search("s_re")).toEqual([])
          expect(yield* store.search("nothing like it")).toEqual([])
          const [found] = yield* store.search("traits")
          expect(found).toBeInstanceOf(Conversation)
          expect(found).not.toHaveProperty("messages")
        })
      )
    )
  })
