// @vitest-environment node
/**
 * The dashboard's bundle holds no Effect: the web imports the core's shapes as types only and its lists from modules
 * without imports. Built in memory with the real Vite config; a control entry that does import a Schema shows the
 * marker (Effect's global store key, present in every module that keeps state) is found when Effect is there.
 */
import { fileURLToPath } from "node:url"
import { build, type Rollup } from "vite"
import { describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("..", import.meta.url))
const marker = "effect/GlobalValue"

const bundleText = async (input?: string): Promise<string> => {
  const result = (await build({
    root,
    configFile: `${root}/vite.config.ts`,
    logLevel: "silent",
    build: { write: false, ...(input === undefined ? {} : { rollupOptions: { input } }) }
  })) as Rollup.RollupOutput | ReadonlyArray<Rollup.RollupOutput>
  const outputs = Array.isArray(result) ? result : [result]
  return outputs
    .flatMap((output) => output.output)
    .map((chunk) => (chunk.type === "chunk" ? chunk.code : ""))
    .join("\n")
}

describe("the dashboard bundle", () => {
  it("contains no Effect runtime, though it shows the core's labels", async () => {
    const code = await bundleText()
    expect(code).toContain("Azure OpenAI")
    expect(code).not.toContain(marker)
  }, 60_000)

  it("would show the marker if a Schema were imported at run time", async () => {
    expect(await bundleText(`${root}/test/bundle/withEffect.ts`)).toContain(marker)
  }, 60_000)
})
