import { NodeFileSystem } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { cpSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { readModelsDevTree } from "../../scripts/ModelsDevTree"
import { readCatalogText } from "../../src/catalog/CatalogFile"
import { formatCatalogFile } from "../../src/catalog/CatalogText"
import { compactCatalog } from "../../src/catalog/ModelsDev"
import { tempDir } from "../support/tempDir"

const fixture = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "models.dev")
const snapshot = { from: "fixture", commit: "abc123", takenAt: "2026-07-02T00:00:00Z", license: "MIT (models.dev)" }
const selection = { labs: ["openai", "anthropic"], providers: ["openai", "anthropic", "huggingface"] }

const build = (root: string) =>
  readModelsDevTree(root, selection.providers).pipe(
    Effect.flatMap((data) => compactCatalog(data, snapshot, selection)),
    Effect.provide(NodeFileSystem.layer)
  )

describe("the catalog builder on a models.dev tree", () => {
  it.effect("turns the TOML tree into the compact catalog, labs first, only the selected providers", () =>
    Effect.gen(function* () {
      const file = yield* build(fixture)
      expect(file.snapshot).toEqual(snapshot)
      expect(file.sources.map((source) => [source.id, source.kind, source.models.map((model) => model.id)])).toEqual([
        ["models/openai", "model", ["gpt-4o"]],
        ["models/anthropic", "model", ["claude-3-5-haiku-20241022"]],
        ["openai", "provider", ["gpt-4o", "text-embedding-3-small"]],
        ["anthropic", "provider", ["claude-sonnet-4-5"]],
        ["huggingface", "provider", ["Qwen/Qwen2.5-7B-Instruct"]]
      ])
    })
  )

  it.effect("resolves base_model: the lab's facts, the provider's overrides, base_model_omit removed", () =>
    Effect.gen(function* () {
      const file = yield* build(fixture)
      const gpt4o = file.sources.find((source) => source.id === "openai")!.models[0]!
      expect(gpt4o).toEqual({
        id: "gpt-4o",
        name: "GPT-4o",
        contextLength: 128_000,
        maxOutputTokens: 16_384,
        pricing: { input: 2.5, output: 10, cachedInput: 1.25 },
        modalities: { input: ["text", "image", "pdf"], output: ["text"] },
        releaseDate: "2024-05-13",
        knowledgeCutoff: "2023-09",
        // structured_output was omitted, so it is unknown rather than false.
        capabilities: { vision: true, reasoning: false, tools: true, embedding: false, attachments: true }
      })
    })
  )

  it.effect("keeps prices, deprecation and embedding; drops modalities it does not know", () =>
    Effect.gen(function* () {
      const file = yield* build(fixture)
      const [embedding] = file.sources.find((source) => source.id === "openai")!.models.slice(1)
      expect(embedding).toMatchObject({
        id: "text-embedding-3-small",
        pricing: { input: 0.02, output: 0 },
        deprecated: true,
        capabilities: { embedding: true, tools: false, vision: false }
      })
      const sonnet = file.sources.find((source) => source.id === "anthropic")!.models[0]!
      expect(sonnet.modalities).toEqual({ input: ["text", "image", "pdf"], output: ["text"] })
      expect(sonnet.pricing).toEqual({ input: 3, output: 15, cachedInput: 0.3, cacheWrite: 3.75 })
    })
  )

  it.effect("writes a file that loads back to the same catalog", () =>
    Effect.gen(function* () {
      const file = yield* build(fixture)
      expect(yield* readCatalogText(formatCatalogFile(file), "round trip")).toEqual(file)
    })
  )

  it.scoped("names the file when a TOML file is broken or a base_model is missing", () =>
    Effect.gen(function* () {
      const root = yield* tempDir
      cpSync(fixture, root, { recursive: true })
      const broken = join(root, "providers", "openai", "models", "gpt-4o.toml")
      writeFileSync(broken, 'base_model = "openai/gpt-4o"\n[cost\n')
      const notToml = yield* Effect.flip(build(root))
      expect(notToml.reason).toBe("Malformed")
      expect(notToml.message).toContain(broken)

      writeFileSync(broken, 'base_model = "openai/gpt-9"\n')
      const noBase = yield* Effect.flip(build(root))
      expect(noBase.message).toContain('base_model "openai/gpt-9" names no file under models/')
    })
  )

  it.scoped("refuses a directory that is not a models.dev checkout", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(build(yield* tempDir))
      expect(error.reason).toBe("Unreadable")
      expect(error.message).toContain("has no providers/ directory")
    })
  )
})
