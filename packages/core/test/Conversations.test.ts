import { expect, layer } from "@effect/vitest"
import { Effect, Layer, TestClock } from "effect"
import { ConversationStore, layerMemory } from "../src/ConversationStore"
import { Conversations, layer as conversationsLayer } from "../src/Conversations"
import { maxQueryChars } from "../src/domain/ConversationInput"
import { answerMeta } from "./ConversationStoreSuite"
import { untrusted } from "./support/untrusted"

const testLayer = conversationsLayer.pipe(Layer.provideMerge(layerMemory))

/** A conversation with a question and its answer. */
const seeded = (title: string, question: string) =>
  Effect.gen(function* () {
    const store = yield* ConversationStore
    const created = yield* store.create({ providerId: "local", modelId: "gpt2", title })
    yield* store.appendMessages(created.id, [
      { role: "user", content: question },
      { role: "assistant", content: "An answer.", meta: answerMeta }
    ])
    return created.id
  })

layer(testLayer)("Conversations", (it) => {
  it.effect("renames and changes settings; null removes one; the list order stays", () =>
    Effect.gen(function* () {
      const conversations = yield* Conversations
      const id = yield* seeded("Old", "Question?")
      yield* TestClock.adjust("1 second")
      const other = yield* seeded("Other", "Else?")
      const changed = yield* conversations.update(id, {
        title: "  New title ",
        systemPrompt: "Be terse.",
        temperature: 0,
        maxTokens: 256
      })
      expect(changed).toMatchObject({ title: "New title", systemPrompt: "Be terse.", temperature: 0, maxTokens: 256 })
      const cleared = yield* conversations.update(id, { systemPrompt: null, maxTokens: null })
      expect(cleared).toMatchObject({ title: "New title", temperature: 0 })
      expect(cleared.systemPrompt).toBeUndefined()
      expect(cleared.maxTokens).toBeUndefined()
      expect((yield* conversations.list()).map((c) => c.id)).toEqual([other, id])
    })
  )

  it.effect("refuses a bad change naming the field, changing nothing", () =>
    Effect.gen(function* () {
      const conversations = yield* Conversations
      const id = yield* seeded("Kept", "Question?")
      const before = yield* conversations.get(id)
      for (const [patch, field, problem] of [
        [{ title: " " }, "title", /must not be empty/],
        [{ title: "x".repeat(81) }, "title", /at most 80 characters/],
        [{ title: "two\nlines" }, "title", /one line/],
        [{ temperature: -0.1 }, "temperature", /from 0 to 2/],
        [{ temperature: "hot" }, "temperature", /number/],
        [{ maxTokens: 0 }, "maxTokens", /whole number from 1 to 1,000,000/],
        [{ maxTokens: 1.5 }, "maxTokens", /whole number/],
        [{ systemPrompt: "x".repeat(32_001) }, "systemPrompt", /at most 32,000 characters/],
        [{ colour: "red" }, "colour", /./]
      ] as const) {
        const error = yield* Effect.flip(conversations.update(id, untrusted(patch)))
        expect(error).toMatchObject({ _tag: "InvalidInput", field })
        expect(error._tag === "InvalidInput" && error.problem).toMatch(problem)
      }
      expect(yield* conversations.get(id)).toEqual(before)
      expect(yield* Effect.flip(conversations.update("nope", { title: "x" }))).toMatchObject({ _tag: "NotFound" })
    })
  )

  it.effect("searches titles and text with ?q=, and refuses an empty or long query naming q", () =>
    Effect.gen(function* () {
      const conversations = yield* Conversations
      const rust = yield* seeded("Borrowing", "Explain Rust lifetimes")
      yield* seeded("Soup", "A recipe")
      expect((yield* conversations.list({ query: "RUST" })).map((c) => c.id)).toEqual([rust])
      for (const query of ["", "q".repeat(maxQueryChars + 1)])
        expect(yield* Effect.flip(conversations.list({ query }))).toMatchObject({ _tag: "InvalidInput", field: "q" })
    })
  )

  it.effect("deletes one message, and exports as Markdown or JSON", () =>
    Effect.gen(function* () {
      const conversations = yield* Conversations
      const id = yield* seeded("Exported", "What is 2+2?")
      const json = JSON.parse(yield* conversations.exportAs(id, "json"))
      expect(json).toMatchObject({ id, title: "Exported", messages: [{ seq: 1 }, { seq: 2 }] })
      expect(yield* conversations.exportAs(id, "markdown")).toContain("## User\n\nWhat is 2+2?")
      yield* conversations.removeMessage(id, 1)
      expect((yield* conversations.get(id)).messages.map((m) => m.seq)).toEqual([2])
      expect(yield* Effect.flip(conversations.exportAs(id, untrusted("pdf")))).toMatchObject({
        _tag: "InvalidInput",
        field: "format"
      })
    })
  )
})
