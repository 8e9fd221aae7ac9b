/**
 * `POST /v1/embeddings`: relayed as written to a provider that serves OpenAI's embeddings (OpenAI-compatible, Azure's
 * deployment URL, OpenAI Responses), translated to Gemini's `batchEmbedContents` (`EmbeddingsRequest.embeddingFor`),
 * and answered in OpenAI's shape either way. An Anthropic provider has no embeddings API, and is told so.
 */
import { InvalidInput } from "@switchboard/core/domain/Errors"
import { Either } from "effect"
import { embeddingFor, routeEmbeddings } from "./EmbeddingsRequest"
import { embeddingsAnswer } from "./EmbeddingsResponse"
import type { EntryPoint } from "./EntryPoint"
import { chatCompletionErrors } from "./OpenAiResponse"

/** The refusal of a provider whose API has embeddings neither as OpenAI's nor as its own. */
const noEmbeddings = (provider: string) =>
  new InvalidInput({
    field: "model",
    problem:
      `names provider "${provider}", whose API has no embeddings (Anthropic has no embeddings API); use an ` +
      "embedding model of an OpenAI-compatible, Azure OpenAI or Gemini provider"
  })

export const embeddings: EntryPoint = {
  path: "/embeddings",
  // OpenAI's error body, which its SDKs read.
  errors: chatCompletionErrors,
  route: (parsed) =>
    Either.map(routeEmbeddings(parsed), ({ provider, model, body, clientModel, encoding }) => ({
      input: { protocol: "embeddings", provider, model, body, embedding: embeddingFor(body, model) },
      stream: false,
      embeddings: embeddingsAnswer(clientModel, encoding),
      unsupported: () => noEmbeddings(provider)
    }))
}
