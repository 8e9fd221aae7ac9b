/**
 * The forms one model id takes across providers and local servers, reduced to keys that compare equal when they name
 * the same model: `meta-llama/Llama-3.1-8B-Instruct` (Hugging Face, vLLM), `llama3.1:8b` (Ollama),
 * `llama-3.1-8b-instruct` (hosted APIs), `Qwen2.5-7B-Instruct-Q4_K_M-GGUF` (LM Studio). Each key is looser than the
 * one before; none drops a size, a version, a date or a variant word such as `mini`, so `gpt-4o-mini` never reduces to
 * `gpt-4o`.
 */

/** A quantisation or packaging suffix: it changes how weights are stored, not which model they are. */
const quantisation =
  /[-_.:](?:i?q\d(?:_[a-z\d]+)*|gguf|ggml|awq|gptq|exl2|mlx|fp8|fp16|bf16|f16|f32|int4|int8|w4a16|w8a8|[48]bit|mxfp4|nvfp4)$/

/** Tokens that mark the instruction-tuned variant, which is what Ollama's tags and chat servers serve by default. */
const instructTokens = new Set(["instruct", "it"])

/** The id without its namespace (`meta-llama/`, `models/`, `@cf/meta/`), lowercased, quantisation and `:latest` off. */
const core = (id: string): string => {
  let rest = id.trim().toLowerCase()
  rest = rest.slice(rest.lastIndexOf("/") + 1).replace(/:latest$/, "")
  for (let previous = ""; previous !== rest; ) {
    previous = rest
    rest = rest.replace(quantisation, "")
  }
  return rest
}

/** Words and numbers, split at separators and where letters meet digits: `qwen2.5:7b` → `qwen`,`2`,`5`,`7`,`b`. */
const tokens = (id: string): Array<string> => id.match(/[a-z]+|\d+/g) ?? []

export interface IdKeys {
  /** The id as written, case aside. */
  readonly exact: string
  /** Namespace, separators, letter–digit joins, quantisation and `:latest` aside. */
  readonly canonical: string
  /** The canonical key without `instruct`/`it`: `llama3.1:8b` meets `llama-3.1-8b-instruct`. */
  readonly loose: string
}

/** The keys of `id`, strictest first. An id with no letters or digits has empty canonical and loose keys. */
export const idKeys = (id: string): IdKeys => {
  const parts = tokens(core(id))
  return {
    exact: id.trim().toLowerCase(),
    canonical: parts.join("-"),
    loose: parts.filter((part) => !instructTokens.has(part)).join("-")
  }
}

/** The key levels in the order a lookup tries them. */
export const keyLevels = ["exact", "canonical", "loose"] as const satisfies ReadonlyArray<keyof IdKeys>
export type KeyLevel = (typeof keyLevels)[number]
