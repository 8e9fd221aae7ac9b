/**
 * The embedding-only rule where every call starts (`resolveTarget`): a chat with a model that only embeds is refused
 * before anything is sent, by the core's `Chat` and by `Relay` for every protocol but embeddings, which it reaches.
 */
import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Layer, Option, Stream } from "effect"
import { Chat, layer as chatLayer } from "../../src/Chat"
import { layerMemory as conversationsMemory } from "../../src/ConversationStore"
import { makeModel } from "../../src/domain/Model"
import { layer as keyPoolLayer } from "../../src/KeyPool"
import { Relay, type RelayInput, layer as relayLayer } from "../../src/Relay"
import { keyA, storeWith, timeouts } from "../support/callFixtures"
import { makeApiKey, makeProvider } from "../support/makeProvider"
import * as RelayScript from "../support/RelayAdapter"
import * as ChatScript from "../support/ScriptedAdapter"

const local = makeProvider("Local", {
  apiKeys: [makeApiKey(keyA, "a")],
  models: [
    makeModel("text-embedding-3-small"),
    makeModel("gpt2"),
    // The user says this one chats too: taken at their word.
    makeModel({ id: "gte-Qwen2-7B-instruct", capabilities: { embedding: true, tools: true } }),
    // An id that looks like an embedding model's, overridden by the user.
    makeModel({ id: "bge-chat", capabilities: { embedding: false } })
  ],
  timeouts
})

const refusal = {
  _tag: "InvalidInput",
  field: "model",
  problem: expect.stringContaining("is an embedding model, which cannot chat: send it to POST /v1/embeddings")
}

describe("Relay and an embedding-only model", () => {
  const layer = (script: ReadonlyArray<RelayScript.Expectation>) =>
    relayLayer.pipe(
      Layer.provide(keyPoolLayer),
      Layer.provideMerge(Layer.merge(storeWith([local]), RelayScript.layer(script)))
    )
  const calls = Effect.flatMap(RelayScript.RelayAdapter, (s) => s.calls)
  const open = (input: Omit<RelayInput, "provider" | "body">) =>
    Effect.flatMap(Relay, (relay) => relay.open({ provider: "local", body: { model: "x" }, ...input }))

  it.effect("refuses a chat of any protocol before anything is sent, naming the model field", () =>
    Effect.gen(function* () {
      for (const protocol of ["chat-completions", "messages", "count-tokens", "responses"] as const) {
        const failure = yield* Effect.flip(open({ protocol, model: "text-embedding-3-small" }))
        expect(failure).toMatchObject(refusal)
        expect(failure.message).toContain('"text-embedding-3-small"')
      }
      expect(yield* calls).toEqual([])
    }).pipe(Effect.provide(layer([])))
  )

  it.effect("sends embeddings to it, and chats with a model the user marked as able to", () =>
    Effect.gen(function* () {
      expect(Option.isSome(yield* open({ protocol: "embeddings", model: "text-embedding-3-small" }))).toBe(true)
      expect(Option.isSome(yield* open({ model: "gte-Qwen2-7B-instruct" }))).toBe(true)
      expect(Option.isSome(yield* open({ model: "bge-chat" }))).toBe(true)
      expect((yield* calls).map((c) => c.request.model)).toEqual([
        "text-embedding-3-small",
        "gte-Qwen2-7B-instruct",
        "bge-chat"
      ])
    }).pipe(Effect.provide(layer([RelayScript.answer(keyA), RelayScript.answer(keyA), RelayScript.answer(keyA)])))
  )
})

describe("Chat and an embedding-only model", () => {
  const layer = chatLayer.pipe(
    Layer.provide(keyPoolLayer),
    Layer.provideMerge(Layer.mergeAll(storeWith([local]), conversationsMemory, ChatScript.layer([])))
  )

  it.effect("refuses the chat before a conversation is made or the adapter called", () =>
    Effect.gen(function* () {
      const chat = yield* Chat
      const ended = yield* chat
        .stream({ provider: "local", model: "text-embedding-3-small", messages: [{ role: "user", content: "Hi" }] })
        .pipe(Stream.either, Stream.runCollect)
      expect(Chunk.toArray(ended)).toMatchObject([{ _tag: "Left", left: refusal }])
      expect(yield* chat.listConversations).toEqual([])
      expect(yield* Effect.flatMap(ChatScript.ScriptedAdapter, (s) => s.calls)).toEqual([])
    }).pipe(Effect.provide(layer))
  )
})
