/**
 * Decoding a chunk's JSON: text chunks, nearly every chunk of an answer, are checked by hand (`FastJson`); anything
 * else (a function call, a prompt block, an error, an array of chunks, a field of the wrong type) gets the Schema
 * decode, which accepts it or says why not. The check must never accept what the Schema refuses; a property test
 * (`GeminiChunks.test.ts`) holds it to that.
 */
import { Schema } from "effect"
import { fastJson, isCount, isObject } from "../internal/FastJson"
import { type Chunk, ChunksJson } from "./GeminiWire"

const isOptional = (value: unknown, check: (value: unknown) => boolean) => value === undefined || check(value)

const isString = (value: unknown) => typeof value === "string"

/** A text or thought part; a part with a function call is left to the Schema. */
const isPart = (part: unknown) =>
  isObject(part) &&
  isOptional(part.text, isString) &&
  isOptional(part.thought, (thought) => typeof thought === "boolean") &&
  isOptional(part.thoughtSignature, isString) &&
  part.functionCall === undefined

const isCandidate = (candidate: unknown) =>
  isObject(candidate) &&
  isOptional(
    candidate.content,
    (content) => isObject(content) && isOptional(content.parts, (parts) => Array.isArray(parts) && parts.every(isPart))
  ) &&
  isOptional(candidate.finishReason, isString) &&
  isOptional(candidate.index, Number.isSafeInteger)

/** The shape of nearly every chunk (candidates, usage, ids; no error, no block), as `Chunk` would accept it. */
export const isPlainChunk = (value: unknown): value is Chunk =>
  isObject(value) &&
  isOptional(value.candidates, (candidates) => Array.isArray(candidates) && candidates.every(isCandidate)) &&
  isOptional(
    value.usageMetadata,
    (usage) =>
      isObject(usage) &&
      isOptional(usage.promptTokenCount, isCount) &&
      isOptional(usage.candidatesTokenCount, isCount) &&
      isOptional(usage.thoughtsTokenCount, isCount) &&
      isOptional(usage.cachedContentTokenCount, isCount)
  ) &&
  isOptional(value.responseId, isString) &&
  isOptional(value.modelVersion, isString) &&
  value.promptFeedback === undefined &&
  value.error === undefined

/** A chunk's JSON text (or an array of chunks) → chunks, or the Schema's reason why not. */
export const decodeChunks = fastJson(isPlainChunk, Schema.decodeEither(ChunksJson))
