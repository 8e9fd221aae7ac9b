import { describe, expect, it } from "@effect/vitest"
import { Context, Effect, Fiber, Layer, Option, Redacted, Stream } from "effect"
import { readFileSync, rmSync } from "node:fs"
import { join } from "node:path"
import { TextDelta, Finish } from "../src/domain/ChatEvent"
import * as ChangeSignal from "../src/ChangeSignal"
import { Chat } from "../src/Chat"
import type { NewProvider } from "../src/domain/ProviderInput"
import * as Embedded from "../src/Embedded"
import { Providers } from "../src/Providers"
import * as FakeAdapters from "./support/FakeAdapters"
import { tempDir } from "./support/tempDir"

const adapters = FakeAdapters.layer({
  openai: {
    streamChat: () => Stream.make(new TextDelta({ text: "hello" }), new Finish({ reason: "stop" })),
    listModels: () => Effect.succeed([])
  }
})

describe("Embedded", () => {
  it.scoped("keeps providers and conversations in the data dir across restarts, keys sealed", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir
      const first = yield* Effect.gen(function* () {
        const providers = yield* Providers
        const added = yield* providers.add({
          name: "My vLLM",
          preset: "vllm",
          apiKeys: ["sk-embedded-plain-key-123456"],
          models: ["gpt2"]
        })
        const chat = yield* Chat
        const outputs = yield* Stream.runCollect(
          chat.stream({ provider: added.id, model: "gpt2", messages: [{ role: "user", content: "hi" }] })
        )
        return { added, outputs: [...outputs] }
      }).pipe(Effect.provide(Embedded.layerAt(dir, adapters)))
      expect(first.added.id).toBe("my-vllm")
      expect(first.outputs.map((o) => o._tag)).toContain("Completed")

      const again = yield* Effect.gen(function* () {
        const providers = yield* (yield* Providers).list
        const conversations = yield* (yield* Chat).listConversations
        return { providers, conversations }
      }).pipe(Effect.provide(Embedded.layerAt(dir, adapters)))
      expect(again.providers.map((p) => p.id)).toEqual(["my-vllm"])
      expect(again.providers[0]?.apiKeys.map((k) => Redacted.value(k.value))).toEqual(["sk-embedded-plain-key-123456"])
      expect(again.conversations).toHaveLength(1)

      const db = readFileSync(join(dir, "switchboard.db"))
      expect(db.includes("sk-embedded-plain-key-123456")).toBe(false)
    })
  )

  it.scoped("keeps the last verify report across restarts, naming its key only masked", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir
      const report = yield* Effect.gen(function* () {
        const providers = yield* Providers
        yield* providers.add({ name: "Checked", preset: "vllm", apiKeys: ["sk-verify-plain-key-654321"] })
        return yield* providers.verify("checked")
      }).pipe(Effect.provide(Embedded.layerAt(dir, adapters)))
      const kept = yield* Effect.flatMap(Providers, (providers) => providers.lastVerify("checked")).pipe(
        Effect.provide(Embedded.layerAt(dir, adapters))
      )
      expect(Option.map(kept, (last) => last.report)).toEqual(Option.some(report))
      expect(report.results[0]?.key).toMatch(/…/)
      const db = readFileSync(join(dir, "switchboard.db"))
      expect(db.includes("sk-verify-plain-key-654321")).toBe(false)
      expect(db.includes(report.results[0]!.key!)).toBe(true)
    })
  )

  it.live("lets a frontend follow what another process writes to the same data dir", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir
      // The TUI, say: its own view of the store, following changes.
      const tui = yield* Layer.build(Embedded.layerAt(dir, adapters))
      const providers = Context.get(tui, Providers)
      yield* providers.add({ name: "Shared", preset: "vllm" })
      const changed = yield* ChangeSignal.changes("20 millis").pipe(
        Stream.take(1),
        Stream.runDrain,
        Effect.provide(tui),
        Effect.fork
      )
      yield* Effect.sleep("60 millis")
      expect(changed.unsafePoll()).toBeNull()
      // The CLI, say: another connection to the file, switching the provider off.
      yield* Effect.flatMap(Providers, (other) => other.setEnabled("shared", false)).pipe(
        Effect.provide(Embedded.layerAt(dir, adapters))
      )
      yield* Fiber.join(changed).pipe(Effect.timeout("2 seconds"))
      expect((yield* providers.get("shared")).enabled).toBe(false)
    }).pipe(Effect.scoped)
  )

  it.scoped("refuses to start with another master key while sealed keys are stored, saying how to recover", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir
      const addWith = (input: NewProvider) =>
        Effect.flatMap(Providers, (providers) => providers.add(input)).pipe(
          Effect.provide(Embedded.layerAt(dir, adapters))
        )
      yield* addWith({ name: "Keyed", type: "openai", baseUrl: "http://127.0.0.1:9", apiKeys: ["sk-keyed-123456789"] })
      rmSync(join(dir, "master.key"))
      const error = yield* Effect.flip(addWith({ name: "Keyless", type: "openai", baseUrl: "http://127.0.0.1:9" }))
      expect(error._tag).toBe("StorageError")
      expect(error.message).toContain("is not the one the API keys in this database were sealed with")
      expect(error.message).toContain("Restore master.key")
    })
  )

  it.scoped("starts with a new master key when no sealed key is stored", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir
      const add = (name: string) =>
        Effect.flatMap(Providers, (providers) =>
          providers.add({ name, type: "openai", baseUrl: "http://127.0.0.1:9" })
        ).pipe(Effect.provide(Embedded.layerAt(dir, adapters)))
      yield* add("First")
      rmSync(join(dir, "master.key"))
      expect((yield* add("Second")).name).toBe("Second")
    })
  )

  it.effect("layerMemory gives the same services without touching disk", () =>
    Effect.gen(function* () {
      const providers = yield* Providers
      yield* providers.add({ name: "Local", type: "openai", baseUrl: "http://127.0.0.1:9" })
      expect((yield* providers.list).map((p) => p.name)).toEqual(["Local"])
    }).pipe(Effect.provide(Embedded.layerMemory(adapters)))
  )
})
