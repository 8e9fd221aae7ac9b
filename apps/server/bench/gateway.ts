/**
 * What the gateway itself costs, without the core or an upstream: `/v1/chat/completions` served in-process
 * (`app.request`) over a stub `Chat` whose answer is ready at once, streaming and complete, plus the translation
 * pieces alone (parsing an OpenAI request, writing the chunk frames). Together with `packages/core/bench/chat.ts` and
 * `packages/adapters/bench/stream.ts` it splits a gateway request into its parts.
 *
 *   npx tsx apps/server/bench/gateway.ts [runs=500]
 */
import * as Catalog from "@switchboard/core/catalog/Catalog"
import { Chat, type ChatService } from "@switchboard/core/Chat"
import * as ConversationStore from "@switchboard/core/ConversationStore"
import * as Conversations from "@switchboard/core/Conversations"
import { TextDelta, Usage } from "@switchboard/core/domain/ChatEvent"
import { Completed, Started } from "@switchboard/core/domain/ChatOutput"
import * as ModelCheckStore from "@switchboard/core/ModelCheckStore"
import * as Models from "@switchboard/core/Models"
import { ProviderAdapters } from "@switchboard/core/ProviderAdapter"
import * as ProviderStore from "@switchboard/core/ProviderStore"
import * as Providers from "@switchboard/core/Providers"
import { Relay } from "@switchboard/core/Relay"
import * as StoreHealth from "@switchboard/core/StoreHealth"
import { Timing } from "@switchboard/core/domain/Timing"
import { Effect, Exit, Layer, ManagedRuntime, Option, Stream } from "effect"
import { measure } from "../../../packages/core/bench/measure"
import { makeApp } from "../src/App"
import { parseChatCompletion } from "../src/gateway/OpenAiRequest"
import { chunkWriter } from "../src/gateway/OpenAiResponse"

const runs = Number(process.argv[2] ?? 500)
const token = "bench-token-0123456789abcdef"

const url = "http://127.0.0.1:1/v1/chat/completions"
const answer = [
  new Started({ url }),
  ...["Hello", " from", " a", " fast", " upstream"].map((text) => new TextDelta({ text })),
  new Usage({ inputTokens: 7, outputTokens: 5 }),
  new Completed({
    finishReason: "stop",
    usage: new Usage({ inputTokens: 7, outputTokens: 5 }),
    timing: new Timing({ firstTokenMs: 0, totalMs: 0, tokensPerSecond: null, tokensEstimated: false })
  })
]

const stubChat: ChatService = {
  stream: () => Stream.fromIterable(answer),
  listConversations: Effect.succeed([]),
  getConversation: () => Effect.die("not in this benchmark"),
  removeConversation: () => Effect.die("not in this benchmark"),
  retry: () => Stream.die("not in this benchmark"),
  edit: () => Stream.die("not in this benchmark")
}

// Every provider here answers through `Chat` (as Anthropic and Gemini providers do): the relay finds none of its own.
const noRelay = Layer.succeed(Relay, {
  open: () => Effect.succeedNone,
  openNow: () => Promise.resolve(Exit.succeed(Option.none()))
})

const runtime = ManagedRuntime.make(
  Layer.mergeAll(
    Layer.succeed(Chat, stubChat),
    noRelay,
    StoreHealth.layerMemory,
    Conversations.layer.pipe(Layer.provide(ConversationStore.layerMemory)),
    // Only `GET /v1/models` and the model routes would use these; the chat route does not.
    Layer.merge(Providers.layer, Models.layer).pipe(
      Layer.provide(ModelCheckStore.layerMemory),
      Layer.provide(ProviderStore.layerMemory),
      Layer.provide(Layer.succeed(ProviderAdapters, { get: () => Effect.runSync(Effect.die("no adapters here")) })),
      Layer.provide(Layer.orDie(Catalog.layerBundled))
    )
  )
)

const body = (stream: boolean) =>
  JSON.stringify({ model: "fast/gpt2", messages: [{ role: "user", content: "Say hello" }], stream })

const main = async () => {
  console.log(`node ${process.version}, ${runs} runs × 7 rounds, median of round means\n`)
  const app = makeApp({ runtime, token, webRoot: "/nonexistent" })
  const headers = { "content-type": "application/json", authorization: `Bearer ${token}` }
  for (const stream of [true, false]) {
    const payload = body(stream)
    await measure(
      `app.request /v1/chat/completions, stream: ${stream}`,
      async () => {
        const response = await app.request("/v1/chat/completions", { method: "POST", body: payload, headers })
        if (response.status !== 200) throw new Error(`status ${response.status}: ${await response.text()}`)
        await response.text()
      },
      { runs }
    )
  }
  const parsed = JSON.parse(body(true)) as Record<string, unknown>
  await measure("parseChatCompletion (a parsed body)", async () => parseChatCompletion(parsed, "anthropic"), {
    runs: runs * 10
  })
  await measure(
    "chunkWriter: five text frames and the finish",
    async () => {
      const chunks = chunkWriter("fast/gpt2", false)
      for (const text of ["Hello", " from", " a", " fast", " upstream"]) chunks.text(text)
      chunks.finish("stop", undefined)
    },
    { runs: runs * 10 }
  )
  await runtime.dispose()
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
