/**
 * Embeddings in no provider's dialect: the texts to embed and the vectors that come back, for a provider whose
 * embeddings are not OpenAI's (Gemini's `batchEmbedContents`). OpenAI-compatible and Azure providers take the
 * client's request as it is, and never see these.
 */

/** What to embed: one vector per input, in order. */
export interface EmbeddingRequest {
  /** The provider's model id. */
  readonly model: string
  readonly inputs: ReadonlyArray<string>
  /** The vectors' length, for models that can shorten them. */
  readonly dimensions?: number | undefined
}

/** One vector per input, in the order they were asked for. */
export interface Embeddings {
  readonly vectors: ReadonlyArray<ReadonlyArray<number>>
  /** The input's token count, when the provider says. */
  readonly inputTokens?: number | undefined
}

/**
 * The most numbers the vectors of one translated answer may hold together: 2,048 inputs (OpenAI's limit) of 2,048
 * dimensions, or fewer of longer ones. An answer is held whole to be written again, so an upstream that sends more is
 * refused where it is read, not written out.
 */
export const maxEmbeddingValues = 2048 * 2048
