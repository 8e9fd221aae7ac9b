/**
 * A `ProviderAdapters` for tests of code above the adapter port (`Providers`): each test stubs exactly the calls it
 * expects, per provider type, and any other call dies loudly naming the type and method, so a test can never pass
 * on an answer nobody gave. For scripted call sequences (key rotation, streams) see `ScriptedAdapter`.
 */
import { Effect, Layer, Stream } from "effect"
import { type ProviderAdapter, ProviderAdapters } from "../../src/ProviderAdapter"
import type { ProviderType } from "../../src/domain/ProviderType"

/** The methods a test answers, per provider type. */
export type Stubs = { readonly [T in ProviderType]?: Partial<ProviderAdapter> }

const unstubbed = (type: ProviderType, method: keyof ProviderAdapter) =>
  `FakeAdapters: ${type}.${method} was called, but the test stubbed no answer for it`

/**
 * An adapter per type: the stubbed methods, and for every other method a defect naming it. The optional ones
 * (`relays`, `embed`, `openAnswer`) are there only when stubbed, as an adapter without them has none.
 */
export const make = (stubs: Stubs = {}): ProviderAdapters["Type"] =>
  ProviderAdapters.of({
    get: (type) => ({
      ...stubs[type],
      listModels: stubs[type]?.listModels ?? (() => Effect.dieMessage(unstubbed(type, "listModels"))),
      streamChat: stubs[type]?.streamChat ?? (() => Stream.dieMessage(unstubbed(type, "streamChat")))
    })
  })

/** `ProviderAdapters` answering only `stubs`; `layer()` answers nothing at all. */
export const layer = (stubs: Stubs = {}): Layer.Layer<ProviderAdapters> => Layer.succeed(ProviderAdapters, make(stubs))
