/**
 * Where the core's time goes for one gateway chat, piece by piece, with a stub adapter that answers at once (so the
 * figures are the core's own cost, no network): the provider read from SQLite and from memory, the resilient
 * upstream wrapper (`ChatUpstream`), and the whole `Chat.stream` without persistence on both stores.
 *
 *   npx tsx packages/core/bench/chat.ts [runs=500]
 */
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Layer, ManagedRuntime, Option, Redacted, Stream } from "effect"
import { ApiKey, type ApiKeyId } from "../src/domain/ApiKey"
import * as Chat from "../src/Chat"
import { Finish, TextDelta, Usage } from "../src/domain/ChatEvent"
import { ChatRequest, textMessage } from "../src/domain/ChatRequest"
import { upstream } from "../src/internal/ChatUpstream"
import * as ConversationStore from "../src/ConversationStore"
import * as ConversationStoreSqlite from "../src/sqlite/ConversationStoreSqlite"
import * as Database from "../src/sqlite/Database"
import * as KeyPool from "../src/KeyPool"
import { type ProviderAdapter, ProviderAdapters } from "../src/ProviderAdapter"
import * as ProviderStore from "../src/ProviderStore"
import * as ProviderStoreSqlite from "../src/sqlite/ProviderStoreSqlite"
import * as Secrets from "../src/Secrets"
import { benchProvider } from "./benchProvider"
import { drain, measure } from "./measure"

const runs = Number(process.argv[2] ?? 500)

const events = [
  ...["Hello", " from", " a", " fast", " upstream"].map((text) => new TextDelta({ text })),
  new Usage({ inputTokens: 7, outputTokens: 5 }),
  new Finish({ reason: "stop", raw: "stop" })
]

/** Answers every request at once with the same events, in one chunk. */
const stub: ProviderAdapter = {
  listModels: () => Effect.succeed([]),
  streamChat: () => Stream.fromIterable(events)
}

/** The same events one chunk each, as a model that generates slowly sends them. */
const trickle: ProviderAdapter = { ...stub, streamChat: () => Stream.rechunk(Stream.fromIterable(events), 1) }
const adapters = Layer.succeed(ProviderAdapters, { get: () => stub })

const provider = benchProvider({
  baseUrl: "http://127.0.0.1:1/",
  apiKeys: [new ApiKey({ id: "k1" as ApiKeyId, value: Redacted.make("sk-bench-0123456789abcdef") })]
})

const input: Chat.ChatInput = { provider: "fast", model: "gpt2", messages: [{ role: "user", content: "Say hello" }] }

const sqliteStores = Layer.mergeAll(
  ProviderStoreSqlite.layer.pipe(Layer.provide(Secrets.layerTest)),
  ConversationStoreSqlite.layer
).pipe(Layer.provide(Database.layerFile(join(mkdtempSync(join(tmpdir(), "switchboard-bench-")), "bench.db"))))

const memoryStores = Layer.mergeAll(ProviderStore.layerMemory, ConversationStore.layerMemory)

const core = <E>(stores: Layer.Layer<ProviderStore.ProviderStore | ConversationStore.ConversationStore, E>) =>
  ManagedRuntime.make(
    Chat.layer.pipe(
      Layer.provideMerge(stores),
      Layer.provideMerge(adapters),
      Layer.provideMerge(KeyPool.layer),
      Layer.tap((context) =>
        ProviderStore.ProviderStore.pipe(
          Effect.flatMap((s) => s.insert(provider)),
          Effect.provide(context)
        )
      )
    )
  )

const request = new ChatRequest({ model: "gpt2", messages: [textMessage("user", "Say hello")] })

const main = async () => {
  console.log(`node ${process.version}, ${runs} runs × 7 rounds, median of round means\n`)
  for (const [label, runtime] of [
    ["sqlite", core(sqliteStores)],
    ["memory", core(memoryStores)]
  ] as const) {
    const get = await runtime.runPromise(Effect.map(ProviderStore.ProviderStore, (s) => s.get))
    const chat = await runtime.runPromise(Chat.Chat)
    const pool = await runtime.runPromise(KeyPool.KeyPool)
    await measure(`ProviderStore.get (${label})`, () => runtime.runPromise(get(provider.id)), { runs })
    if (label === "sqlite") {
      await measure(
        "stub adapter stream alone",
        () => runtime.runPromise(drain(stub.streamChat({ provider, apiKey: Option.none() }, request))),
        { runs }
      )
      for (const [name, adapter] of [
        ["one chunk", stub],
        ["a chunk per event", trickle]
      ] as const)
        await measure(
          `ChatUpstream.upstream, ${name}`,
          () => runtime.runPromise(drain(upstream({ adapter, pool, provider, request, url: "http://127.0.0.1:1/v1" }))),
          { runs }
        )
    }
    await measure(
      `Chat.stream persist:false (${label})`,
      () => runtime.runPromise(drain(chat.stream(input, { persist: false }))),
      { runs }
    )
    await runtime.dispose()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
