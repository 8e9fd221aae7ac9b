/**
 * The model catalog as a service: the facts models.dev knows about models (context window, prices, modalities,
 * capabilities, dates), looked up provider-aware (`CatalogIndex`). It is the user's refreshed copy in the data
 * directory when there is a readable one (`catalog update`), else the catalog bundled with Switchboard.
 */
import { FileSystem } from "@effect/platform"
import { NodeFileSystem } from "@effect/platform-node"
import { Context, type Duration, Effect, Layer, Option, Schedule } from "effect"
import { join } from "node:path"
import { DataDir } from "../DataDir"
import bundledJson from "./data/catalog.json" with { type: "json" }
import { CatalogError } from "./CatalogError"
import {
  type CatalogFile,
  type CatalogSnapshot,
  decodeCatalogFile,
  maxCatalogFileBytes,
  readCatalogText
} from "./CatalogFile"
import { type CatalogMatch, type CatalogQuery, makeIndex } from "./CatalogIndex"

export interface CatalogService {
  /** Where and when the catalog's data was taken. */
  readonly snapshot: CatalogSnapshot
  /** `"bundled"`, or the path of the user's copy. */
  readonly origin: string
  /** How many models it knows, over all its sources. */
  readonly size: number
  /** The facts the catalog has for a provider's model, if any (rules in `CatalogIndex`). Cheap: a few map reads. */
  readonly lookup: (query: CatalogQuery) => Option.Option<CatalogMatch>
}

export class Catalog extends Context.Tag("@switchboard/core/Catalog")<Catalog, CatalogService>() {}

/** Where the user's refreshed catalog lives in a data directory. */
export const userCatalogPath = (dataDir: string): string => join(dataDir, "catalog.json")

/** A catalog service over an already decoded file. */
export const make = (file: CatalogFile, origin: string): CatalogService => {
  const index = makeIndex(file)
  return Catalog.of({
    snapshot: file.snapshot,
    origin,
    size: file.sources.reduce((sum, source) => sum + source.models.length, 0),
    lookup: index.lookup
  })
}

/** The catalog shipped with Switchboard, decoded like any other (a broken build fails here, loudly). */
export const bundledCatalog: Effect.Effect<CatalogFile, CatalogError> = Effect.suspend(() =>
  decodeCatalogFile(bundledJson, "the bundled catalog")
)

/** A catalog file on disk, its size checked before it is read. */
export const readCatalogFile = Effect.fn("Catalog.readFile")(function* (path: string) {
  const fs = yield* FileSystem.FileSystem
  const unreadable = (error: { message: string }) =>
    new CatalogError({ reason: "Unreadable", source: path, detail: error.message })
  const info = yield* fs.stat(path).pipe(Effect.mapError(unreadable))
  if (Number(info.size) > maxCatalogFileBytes) {
    return yield* new CatalogError({
      reason: "TooLarge",
      source: path,
      detail: `${info.size} bytes, more than the ${maxCatalogFileBytes} a catalog may have`
    })
  }
  return yield* readCatalogText(yield* fs.readFileString(path).pipe(Effect.mapError(unreadable)), path)
})

/**
 * The catalog for a data directory: the user's copy if there is one, else the bundled one. A user's copy that cannot
 * be read is reported as a warning and the bundled catalog is used, so a damaged file never stops Switchboard.
 */
export const load = Effect.fn("Catalog.load")(function* (dataDir: string) {
  const fs = yield* FileSystem.FileSystem
  const path = userCatalogPath(dataDir)
  if (yield* fs.exists(path).pipe(Effect.orElseSucceed(() => false))) {
    const user = yield* readCatalogFile(path).pipe(
      Effect.tapError((error) => Effect.logWarning(`${error.message} Using the bundled catalog instead.`)),
      Effect.option
    )
    if (user._tag === "Some") return make(user.value, path)
  }
  return make(yield* bundledCatalog, "bundled")
})

/** The user's copy's modification time, or `undefined` while there is none. */
const modifiedAt = (fs: FileSystem.FileSystem, path: string) =>
  fs.stat(path).pipe(
    Effect.map((info) => Option.getOrUndefined(info.mtime)?.getTime()),
    Effect.orElseSucceed(() => undefined)
  )

/**
 * The catalog of a data directory, following `catalog update` run by another process (the CLI next to a running
 * server): the user's copy is looked at every `every` and loaded again when its modification time moved, so models
 * added after an update get its facts without a restart. Lookups read whichever catalog is current.
 */
export const following = (dataDir: string, every: Duration.DurationInput) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const path = userCatalogPath(dataDir)
    let seen = yield* modifiedAt(fs, path)
    let current = yield* load(dataDir)
    const follow = Effect.gen(function* () {
      const modified = yield* modifiedAt(fs, path)
      if (modified === seen) return
      seen = modified
      current = yield* load(dataDir)
    })
    yield* follow.pipe(Effect.ignore, Effect.repeat(Schedule.spaced(every)), Effect.delay(every), Effect.forkScoped)
    return Catalog.of({
      get snapshot() {
        return current.snapshot
      },
      get origin() {
        return current.origin
      },
      get size() {
        return current.size
      },
      lookup: (query) => current.lookup(query)
    })
  })

/** The catalog of the `DataDir`, following updates of the user's copy (checked every 2 s). */
export const layer: Layer.Layer<Catalog, CatalogError, DataDir> = Layer.scoped(
  Catalog,
  Effect.flatMap(DataDir, (dataDir) => following(dataDir.path, "2 seconds"))
).pipe(Layer.provide(NodeFileSystem.layer))

/** Only the bundled catalog (no data directory). */
export const layerBundled: Layer.Layer<Catalog, CatalogError> = Layer.effect(
  Catalog,
  Effect.map(bundledCatalog, (file) => make(file, "bundled"))
)

/** A catalog of the given file (tests). */
export const layerTest = (file: CatalogFile): Layer.Layer<Catalog> => Layer.succeed(Catalog, make(file, "test"))
