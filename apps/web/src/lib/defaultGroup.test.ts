import { describe, expect, it } from "vitest"
// The core is read from source here only: the dashboard's bundle must not include it (it would pull in Effect).
import { defaultGroup as coreDefaultGroup } from "../../../../packages/core/src/Model"
import { defaultGroup } from "./defaultGroup"

const ids = [
  "gpt2",
  "gpt-4o-mini",
  "gpt-4-0613",
  "claude-3-5-sonnet-20241022",
  "meta-llama/Llama-3.1-8B-Instruct",
  "Qwen/Qwen2.5-7B-Instruct",
  "qwen2.5:7b",
  "models/gemini-1.5-pro",
  "text_embedding_3",
  "/leading-slash",
  "o3",
  `${"x".repeat(80)}-y`
]

describe("defaultGroup", () => {
  it.each(ids)("groups %s exactly as the core does", (id) => {
    expect(defaultGroup(id)).toBe(coreDefaultGroup(id))
  })
})
