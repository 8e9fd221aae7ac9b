/**
 * A translated embeddings answer (Gemini's) as OpenAI's `CreateEmbeddingResponse`: one `embedding` object per input,
 * in order, the model as the client wrote it, and usage (zero where the provider counts none). Vectors are numbers,
 * or base64 of their little-endian float32 bytes when the client asked (`encoding_format: "base64"`, what the `openai`
 * SDK asks by default and decodes itself). The vectors were held to the core's limits where they were read, so the
 * answer written here is bounded too.
 */
import type { Embeddings } from "@switchboard/core/domain/Embeddings"
import type { EncodingFormat } from "./EmbeddingsRequest"

/** A vector as OpenAI's base64: float32, little-endian, whatever the machine's own order. */
export const base64Vector = (vector: ReadonlyArray<number>): string => {
  const bytes = Buffer.allocUnsafe(vector.length * 4)
  for (let index = 0; index < vector.length; index++) bytes.writeFloatLE(vector[index]!, index * 4)
  return bytes.toString("base64")
}

/** The answer's body for a client that wrote `model` and asked for `encoding`. */
export const embeddingsAnswer =
  (model: string, encoding: EncodingFormat) =>
  (embeddings: Embeddings): unknown => {
    const tokens = embeddings.inputTokens ?? 0
    return {
      object: "list",
      data: embeddings.vectors.map((vector, index) => ({
        object: "embedding",
        index,
        embedding: encoding === "base64" ? base64Vector(vector) : vector
      })),
      model,
      usage: { prompt_tokens: tokens, total_tokens: tokens }
    }
  }
