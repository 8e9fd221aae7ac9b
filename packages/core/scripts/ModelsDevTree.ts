/**
 * Reads a models.dev checkout (`anomalyco/models.dev`: `providers/<provider>/models/<id>.toml`,
 * `models/<lab>/<id>.toml`) into the shape models.dev publishes as `catalog.json`, so the compact builder has one input
 * shape whether it starts from the repo or from the published JSON. It follows models.dev's own generator
 * (`packages/core/src/generate.ts`): a provider model with `base_model = "<lab>/<id>"` inherits that model's metadata
 * (nested tables merged, the provider's values winning) minus the dot-paths in `base_model_omit`.
 */
import { FileSystem } from "@effect/platform"
import { Effect } from "effect"
import { join } from "node:path"
import { parse } from "smol-toml"
import { CatalogError } from "../src/catalog/CatalogError"
import type { ModelsDevCatalog } from "../src/catalog/ModelsDev"

/** Far above any model file models.dev has (a few kB each). */
const maxTomlBytes = 256 * 1024

type Table = Record<string, unknown>

const isTable = (value: unknown): value is Table =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date)

const failure = (reason: "Unreadable" | "TooLarge" | "Malformed", source: string, detail: string) =>
  new CatalogError({ reason, source, detail })

const readToml = Effect.fn("ModelsDevTree.readToml")(function* (path: string) {
  const fs = yield* FileSystem.FileSystem
  const info = yield* fs.stat(path).pipe(Effect.mapError((error) => failure("Unreadable", path, error.message)))
  if (Number(info.size) > maxTomlBytes) {
    return yield* failure("TooLarge", path, `${info.size} bytes, more than the ${maxTomlBytes} a model file may have`)
  }
  const text = yield* fs
    .readFileString(path)
    .pipe(Effect.mapError((error) => failure("Unreadable", path, error.message)))
  return yield* Effect.try({
    try: () => parse(text) as Table,
    catch: (error) => failure("Malformed", path, `not TOML (${(error as Error).message})`)
  })
})

/** Every `*.toml` under `dir`, keyed by its path without the extension, `/`-separated; none if `dir` is missing. */
const readTomlTree = Effect.fn("ModelsDevTree.readTomlTree")(function* (dir: string) {
  const fs = yield* FileSystem.FileSystem
  const exists = yield* fs.exists(dir).pipe(Effect.orElseSucceed(() => false))
  if (!exists) return {}
  const names = yield* fs
    .readDirectory(dir, { recursive: true })
    .pipe(Effect.mapError((error) => failure("Unreadable", dir, error.message)))
  const tomls = names.filter((name) => name.endsWith(".toml")).sort()
  const tables = yield* Effect.forEach(tomls, (name) => readToml(join(dir, name)), { concurrency: 16 })
  return Object.fromEntries(tomls.map((name, i) => [name.slice(0, -5).split("\\").join("/"), tables[i]!]))
})

/** `override` over `base`: nested tables merge, anything else (arrays too) is replaced, as remeda's `mergeDeep`. */
const mergeDeep = (base: Table, override: Table): Table => {
  const merged: Table = { ...base }
  for (const [key, value] of Object.entries(override)) {
    const under = merged[key]
    merged[key] = isTable(under) && isTable(value) ? mergeDeep(under, value) : value
  }
  return merged
}

/** Removes a dot-path (`limit.input`), and any table it leaves empty. */
const omit = (table: Table, path: ReadonlyArray<string>): void => {
  const [head, ...rest] = path
  if (head === undefined || !Object.hasOwn(table, head)) return
  if (rest.length === 0) {
    delete table[head]
    return
  }
  const child = table[head]
  if (!isTable(child)) return
  omit(child, rest)
  if (Object.keys(child).length === 0) delete table[head]
}

/** A provider model with its `base_model` resolved against the labs' metadata. */
const resolveBase = (model: Table, labs: Readonly<Record<string, Table>>, path: string) =>
  Effect.gen(function* () {
    const { base_model: baseId, base_model_omit: omitted, ...own } = model
    if (baseId === undefined) return model
    const base = typeof baseId === "string" ? labs[baseId] : undefined
    if (base === undefined) {
      return yield* failure("Malformed", path, `base_model ${JSON.stringify(baseId)} names no file under models/`)
    }
    const { benchmarks: _b, license: _l, links: _k, weights: _w, ...inherited } = base
    const merged = mergeDeep(structuredClone(inherited), own)
    for (const dotted of Array.isArray(omitted) ? omitted : []) {
      if (typeof dotted === "string") omit(merged, dotted.split("."))
    }
    return merged
  })

/**
 * The `catalog.json` shape of the checkout at `root`: every lab's metadata, and the providers named in `providers`
 * (all of them when it is left out) with their models' `base_model` resolved.
 */
export const readModelsDevTree = Effect.fn("ModelsDevTree.read")(function* (
  root: string,
  providers?: ReadonlyArray<string>
) {
  const fs = yield* FileSystem.FileSystem
  const providersDir = join(root, "providers")
  if (!(yield* fs.exists(providersDir).pipe(Effect.orElseSucceed(() => false)))) {
    return yield* failure("Unreadable", root, "has no providers/ directory; is it a models.dev checkout?")
  }
  const labs = yield* readTomlTree(join(root, "models"))
  const wanted =
    providers ??
    (yield* fs.readDirectory(providersDir).pipe(Effect.mapError((error) => failure("Unreadable", root, error.message))))
  const result: Record<string, Table> = {}
  for (const id of [...wanted].sort()) {
    const dir = join(providersDir, id)
    if (!(yield* fs.exists(join(dir, "provider.toml")).pipe(Effect.orElseSucceed(() => false)))) continue
    const provider = yield* readToml(join(dir, "provider.toml"))
    const tree = yield* readTomlTree(join(dir, "models"))
    const models: Record<string, Table> = {}
    for (const [modelId, model] of Object.entries(tree)) {
      models[modelId] = { ...(yield* resolveBase(model, labs, join(dir, "models", `${modelId}.toml`))), id: modelId }
    }
    result[id] = { ...provider, id, models }
  }
  const metadata = Object.fromEntries(Object.entries(labs).map(([key, model]) => [key, { ...model, id: key }]))
  return { providers: result, models: metadata } satisfies ModelsDevCatalog
})
