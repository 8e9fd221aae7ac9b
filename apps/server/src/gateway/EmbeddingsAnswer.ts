/**
 * A translated embeddings answer (`Relay`'s `read`): read whole, then written as the entry point's JSON body. The
 * overhead header counts the whole read as the upstream's share, as complete chat answers do.
 */
import type { Relayed } from "@switchboard/core/Relay"
import { ShuttingDown } from "../HttpErrors"
import type { Inflight } from "../Inflight"
import type { Route } from "./EntryPoint"
import { failureOf } from "./RelayedAnswer"

export type EmbeddingsResult =
  | { readonly ok: true; readonly json: string; readonly upstreamMs: number }
  | { readonly ok: false; readonly error: unknown }

/** Reads `answer` through its `read` and writes it with `route.embeddings`; resolves with the body or the failure. */
export const completeEmbeddings = async (
  answer: Relayed & { readonly read: NonNullable<Relayed["read"]> },
  route: Route,
  inflight: Inflight
): Promise<EmbeddingsResult> => {
  const unregister = inflight.add({ stop: () => answer.body.destroy(new ShuttingDown()) })
  const readFrom = performance.now()
  try {
    const embeddings = await answer.read()
    // An entry point whose input can be embedded always says how its answer reads.
    const json = JSON.stringify(route.embeddings!(embeddings))
    return { ok: true, json, upstreamMs: answer.upstreamMs + performance.now() - readFrom }
  } catch (error) {
    return { ok: false, error: failureOf(error, answer.url) }
  } finally {
    unregister()
  }
}
