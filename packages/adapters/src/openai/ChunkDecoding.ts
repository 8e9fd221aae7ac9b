/**
 * Decoding a Chat Completions chunk, the one JSON text a stream sends per token. The usual shape (text, reasoning,
 * tool-call fragments, finish, usage; no error) is checked by hand (`FastJson`); anything else pays for the Schema
 * decode, which accepts it or says why not. The check mirrors `WireChunk` field by field and must never accept what
 * the Schema refuses: `test/openai/ChunkDecoding.test.ts` pins the two together with generated chunks.
 */
import { Schema } from "effect"
import { fastJson, isNullish, isObject, isOptionalNumber, isOptionalString } from "../internal/FastJson"
import { WireChunk, WireCompletion } from "./OpenAiWire"

const isToolCall = (call: unknown) =>
  isObject(call) &&
  isOptionalNumber(call.index) &&
  isOptionalString(call.id) &&
  isOptionalString(call.type) &&
  (isNullish(call.function) ||
    (isObject(call.function) && isOptionalString(call.function.name) && isOptionalString(call.function.arguments)))

const isDelta = (delta: unknown) =>
  isNullish(delta) ||
  (isObject(delta) &&
    isOptionalString(delta.content) &&
    isOptionalString(delta.reasoning_content) &&
    isOptionalString(delta.reasoning) &&
    isOptionalString(delta.refusal) &&
    (isNullish(delta.tool_calls) || (Array.isArray(delta.tool_calls) && delta.tool_calls.every(isToolCall))))

const isChoice = (choice: unknown) =>
  isObject(choice) &&
  (choice.index === undefined || typeof choice.index === "number") &&
  isDelta(choice.delta) &&
  isOptionalString(choice.finish_reason)

const isDetails = (details: unknown, field: string) =>
  isNullish(details) || (isObject(details) && isOptionalNumber(details[field]))

const isUsage = (usage: unknown) =>
  isNullish(usage) ||
  (isObject(usage) &&
    isOptionalNumber(usage.prompt_tokens) &&
    isOptionalNumber(usage.completion_tokens) &&
    isDetails(usage.prompt_tokens_details, "cached_tokens") &&
    isDetails(usage.completion_tokens_details, "reasoning_tokens"))

/** The shape of nearly every chunk, as `WireChunk` would accept it (an error chunk takes the Schema's path). */
export const isPlainChunk = (value: unknown): value is WireChunk =>
  isObject(value) &&
  isOptionalString(value.id) &&
  isOptionalString(value.model) &&
  (isNullish(value.choices) || (Array.isArray(value.choices) && value.choices.every(isChoice))) &&
  isUsage(value.usage) &&
  isNullish(value.error)

/** One `data:` payload as a `WireChunk`, or why it is not one. */
export const decodeChunk = fastJson(isPlainChunk, Schema.decodeUnknownEither(Schema.parseJson(WireChunk)))

/** A whole `chat.completion` body (once per answer, so no shortcut). */
export const decodeCompletion = Schema.decodeUnknownEither(Schema.parseJson(WireCompletion))
