/**
 * The vLLM-style server the TUI's tests talk to: the shared `FakeProvider` (OpenAI-compatible, keyless unless
 * `key` is set) with the defaults these tests read back: model `gpt2` of context 1024, a five-piece answer and 12
 * prompt tokens.
 */
import * as FakeProvider from "@switchboard/testing/FakeProvider"

export type Upstream = FakeProvider.FakeProvider

/** The default answer, in the pieces the stream sends. */
export const answerPieces = ["Hello", " from", " the", " test", " server."]

export const startUpstream = (options: FakeProvider.ProviderOptions = {}): Promise<Upstream> =>
  FakeProvider.start({
    models: ["gpt2"],
    contextLength: 1024,
    promptTokens: 12,
    behaviour: { kind: "answer", pieces: answerPieces },
    ...options
  })
