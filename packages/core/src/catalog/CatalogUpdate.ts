/**
 * `catalog update --from <file or URL>`: refreshes the user's catalog from models.dev's published data (`api.json`
 * or `catalog.json`, as https://models.dev serves them, or a downloaded copy) or from a catalog file Switchboard
 * wrote. What is read is bounded in size and time, validated, made compact, and written atomically to the data
 * directory, so a failed update leaves the previous catalog as it was.
 */
import { FileSystem, HttpClient } from "@effect/platform"
import { Clock, DateTime, Duration, Effect, Stream } from "effect"
import { dirname } from "node:path"
import { userCatalogPath } from "./Catalog"
import { CatalogError } from "./CatalogError"
import { type CatalogFile, decodeCatalogFile, parseJson } from "./CatalogFile"
import { formatCatalogFile } from "./CatalogText"
import { asModelsDevCatalog, compactCatalog } from "./ModelsDev"

export interface UpdateLimits {
  /** Largest input read, in bytes. models.dev's `catalog.json` is a few MB. */
  readonly maxBytes: number
  /** How long fetching a URL may take, from the request to its last byte. */
  readonly timeout: Duration.DurationInput
}

export const defaultUpdateLimits: UpdateLimits = { maxBytes: 64 * 1024 * 1024, timeout: "60 seconds" }

/** What an update wrote. */
export interface UpdateResult {
  readonly path: string
  readonly file: CatalogFile
  readonly models: number
}

const isUrl = (from: string) => /^https?:\/\//i.test(from)

const tooLarge = (source: string, maxBytes: number) =>
  new CatalogError({ reason: "TooLarge", source, detail: `more than ${maxBytes} bytes` })

const readUrl = (url: string, limits: UpdateLimits) =>
  Effect.gen(function* () {
    const unreadable = (error: { message: string }) =>
      new CatalogError({ reason: "Unreadable", source: url, detail: error.message })
    const client = yield* HttpClient.HttpClient
    const response = yield* client.get(url).pipe(Effect.mapError(unreadable))
    if (response.status < 200 || response.status >= 300) {
      return yield* new CatalogError({ reason: "Unreadable", source: url, detail: `HTTP ${response.status}` })
    }
    const declared = Number(response.headers["content-length"] ?? Number.NaN)
    if (declared > limits.maxBytes) return yield* tooLarge(url, limits.maxBytes)
    const parts: Array<Uint8Array> = []
    yield* response.stream.pipe(
      Stream.mapError(unreadable),
      Stream.runFoldEffect(0, (size, chunk) => {
        parts.push(chunk)
        return size + chunk.length > limits.maxBytes
          ? Effect.fail(tooLarge(url, limits.maxBytes))
          : Effect.succeed(size + chunk.length)
      })
    )
    return Buffer.concat(parts).toString("utf8")
  }).pipe(
    Effect.scoped,
    Effect.timeoutFail({
      duration: limits.timeout,
      onTimeout: () =>
        new CatalogError({
          reason: "Timeout",
          source: url,
          detail: `no complete answer within ${Duration.format(limits.timeout)}`
        })
    })
  )

const readPath = (path: string, limits: UpdateLimits) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const unreadable = (error: { message: string }) =>
      new CatalogError({ reason: "Unreadable", source: path, detail: error.message })
    const info = yield* fs.stat(path).pipe(Effect.mapError(unreadable))
    if (info.type !== "File") {
      return yield* new CatalogError({ reason: "Unreadable", source: path, detail: "is not a file" })
    }
    if (Number(info.size) > limits.maxBytes) return yield* tooLarge(path, limits.maxBytes)
    return yield* fs.readFileString(path).pipe(Effect.mapError(unreadable))
  })

/**
 * The compact catalog in `json`: a Switchboard catalog file as is, or models.dev's data made compact, stamped with
 * where it came from and when it was read.
 */
export const toCatalogFile = Effect.fn("CatalogUpdate.toCatalogFile")(function* (json: unknown, from: string) {
  const file =
    typeof json === "object" && json !== null && "format" in json
      ? yield* decodeCatalogFile(json, from)
      : yield* compactCatalog(yield* asModelsDevCatalog(json, from), {
          from,
          takenAt: DateTime.formatIso(DateTime.unsafeMake(yield* Clock.currentTimeMillis)),
          license: "MIT (models.dev)"
        })
  // Decoded once more: what is written must load, and the Schema's bounds hold for converted data too.
  const checked = yield* decodeCatalogFile(file, from)
  if (checked.sources.every((source) => source.models.length === 0)) {
    return yield* new CatalogError({
      reason: "Malformed",
      source: from,
      detail: "holds no models of the providers Switchboard keeps (openai, anthropic, google, …)"
    })
  }
  return checked
})

/** `text` written to `path` through a temporary file in the same directory and a rename. */
const writeAtomically = (path: string, text: string) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const temporary = `${path}.${process.pid}.${Date.now()}.tmp`
    const failed = (error: { message: string }) =>
      new CatalogError({ reason: "WriteFailed", source: path, detail: error.message })
    yield* fs.writeFileString(temporary, text, { mode: 0o600 }).pipe(
      Effect.zipRight(fs.rename(temporary, path)),
      Effect.mapError(failed),
      Effect.tapError(() => fs.remove(temporary).pipe(Effect.ignore))
    )
  })

/** Reads `from` (a path or an http(s) URL), validates it, and writes the compact catalog as the user's copy. */
export const updateCatalog = Effect.fn("CatalogUpdate.update")(function* (
  from: string,
  dataDir: string,
  limits: UpdateLimits = defaultUpdateLimits
) {
  const text = isUrl(from) ? yield* readUrl(from, limits) : yield* readPath(from, limits)
  const file = yield* toCatalogFile(yield* parseJson(text, from, limits.maxBytes), from)
  const path = userCatalogPath(dataDir)
  const fs = yield* FileSystem.FileSystem
  yield* fs
    .makeDirectory(dirname(path), { recursive: true })
    .pipe(Effect.mapError((error) => new CatalogError({ reason: "WriteFailed", source: path, detail: error.message })))
  yield* writeAtomically(path, formatCatalogFile(file))
  return {
    path,
    file,
    models: file.sources.reduce((sum, source) => sum + source.models.length, 0)
  } satisfies UpdateResult
})
