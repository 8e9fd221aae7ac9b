/**
 * Builds the compact model catalog that Switchboard ships (`src/catalog/data/catalog.json`) from models.dev.
 *
 *   pnpm --filter @switchboard/core catalog:build <models.dev checkout | api.json | catalog.json>
 *     [--commit <sha>] [--date <ISO date>] [--out <file>]
 *
 * From a checkout, the commit and its date are read with git when not given. The file is written one model a line,
 * so a refresh reviews as a diff of the models that changed.
 */
import { FileSystem } from "@effect/platform"
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Effect } from "effect"
import { execFileSync } from "node:child_process"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { parseJson } from "../src/catalog/CatalogFile"
import { formatCatalogFile } from "../src/catalog/CatalogText"
import { asModelsDevCatalog, compactCatalog, defaultSelection } from "../src/catalog/ModelsDev"
import { readModelsDevTree } from "./ModelsDevTree"

const modelsDevRepo = "https://github.com/anomalyco/models.dev"
const defaultOut = join(dirname(fileURLToPath(import.meta.url)), "..", "src", "catalog", "data", "catalog.json")

const option = (args: ReadonlyArray<string>, name: string) => {
  const at = args.indexOf(name)
  return at === -1 ? undefined : args[at + 1]
}

/** The commit and commit date of a git checkout, or nothing when it is not one. */
const gitHead = (dir: string): { commit: string; date: string } | undefined => {
  try {
    const [commit, date] = execFileSync("git", ["-C", dir, "log", "-1", "--format=%H%n%cI"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"]
    })
      .trim()
      .split("\n")
    return commit && date ? { commit, date } : undefined
  } catch {
    return undefined
  }
}

const program = Effect.gen(function* () {
  const args = process.argv.slice(2)
  const input = args.find((arg, i) => !arg.startsWith("--") && !args[i - 1]?.startsWith("--"))
  if (input === undefined) return yield* Effect.dieMessage("usage: build-catalog <models.dev checkout | api.json>")
  const fs = yield* FileSystem.FileSystem
  const path = resolve(input)
  const isDir = (yield* fs.stat(path)).type === "Directory"
  const head = isDir ? gitHead(path) : undefined
  const commit = option(args, "--commit") ?? head?.commit
  const takenAt = option(args, "--date") ?? head?.date ?? new Date().toISOString()
  const data = isDir
    ? yield* readModelsDevTree(path, defaultSelection.providers)
    : yield* asModelsDevCatalog(yield* parseJson(yield* fs.readFileString(path), path, 64 * 1024 * 1024), path)
  const file = yield* compactCatalog(data, {
    from: isDir ? modelsDevRepo : path,
    ...(commit === undefined ? {} : { commit }),
    takenAt,
    license: "MIT (models.dev)"
  })
  const out = resolve(option(args, "--out") ?? defaultOut)
  const text = formatCatalogFile(file)
  yield* fs.writeFileString(out, text)
  const models = file.sources.reduce((sum, source) => sum + source.models.length, 0)
  yield* Effect.log(`${out}: ${file.sources.length} sources, ${models} models, ${text.length} bytes`)
})

program.pipe(Effect.provide(NodeContext.layer), NodeRuntime.runMain)
