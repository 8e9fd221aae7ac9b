/**
 * `ProviderStore` on the embedded SQLite database (see `Database`). Each provider is one row: its sealed document (see
 * `ProviderDocument`: the plain secret is never written), plus the columns that queries and constraints need:
 * `name_key` (UNIQUE, the case-insensitive name), `position` (the user's order) and `revision` (optimistic
 * concurrency). The semantics are exactly those documented on the port.
 *
 * `layer`, which the apps use, is this store under the read cache (`CachedProviderStore`) driven by the file's
 * `data_version` (see `DataVersion`); `layerUncached` is the store alone.
 */
import { SqlClient, type SqlError } from "@effect/sql"
import { DateTime, Effect, Layer, Option, Schema } from "effect"
import * as CachedProviderStore from "../CachedProviderStore"
import type { ChangeSignal } from "../ChangeSignal"
import { Conflict, DuplicateName, InvalidInput, NotFound, type StorageError } from "../domain/Errors"
import { Provider, type ProviderId } from "../domain/Provider"
import { LastVerify } from "../domain/VerifyReport"
import { pauseBefore } from "../internal/YieldToEventLoop"
import * as ProviderDocument from "../ProviderDocument"
import { findNameClash, nameKey, ProviderStore } from "../ProviderStore"
import type { Secrets } from "../Secrets"
import { storageError, transaction } from "./SqliteFailure"

interface Row {
  readonly id: string
  readonly revision: number
  readonly document: string
}

const withRevision = (provider: Provider, revision: number) => new Provider({ ...provider, revision })

const LastVerifyJson = Schema.parseJson(LastVerify)

/**
 * What one SQL database gives the store: how a writing transaction keeps other writers out until it commits, and how
 * its failures read. The statements themselves are plain SQL that SQLite and PostgreSQL both run, so the PostgreSQL
 * store is this one with its own dialect (`pg/ProviderStorePg`).
 */
export interface Dialect {
  readonly writeTransaction: (
    sql: SqlClient.SqlClient,
    operation: string
  ) => <A, E, R>(body: Effect.Effect<A, E, R>) => Effect.Effect<A, Exclude<E, SqlError.SqlError> | StorageError, R>
  readonly storageError: (operation: string, cause: unknown) => StorageError
}

/**
 * Runs `body` in a transaction that holds SQLite's write lock from its first statement. With a plain `BEGIN` the
 * lock is taken at the first write, after the reads; if another process (server or TUI) is writing by then, SQLite
 * cannot wait (the reads may already be stale) and fails at once with "database is locked". The dummy write first
 * makes it wait, up to `busy_timeout`, for the other writer, and the reads that follow see what it wrote.
 */
const sqlite: Dialect = {
  writeTransaction: (sql, operation) => (body) =>
    transaction(sql, operation)(Effect.zipRight(sql`UPDATE providers SET revision = revision WHERE 0`, body)),
  storageError
}

/** The store on the `SqlClient` in context, speaking `dialect`. */
export const makeWith = ({ storageError, ...dialect }: Dialect) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const codec = yield* ProviderDocument.ProviderDocument

    const sqlFailure = (operation: string) => (error: SqlError.SqlError) => storageError(operation, error)

    /** The row's columns for `provider` stored as `revision`; keys are sealed here, before any lock is taken. */
    const encode = (provider: Provider, revision: number) =>
      Effect.map(codec.encode(provider, revision), (document) => ({
        id: provider.id,
        nameKey: nameKey(provider.name),
        revision,
        document,
        createdAt: DateTime.formatIso(provider.createdAt),
        updatedAt: DateTime.formatIso(provider.updatedAt)
      }))

    const writeTransaction = <A, E, R>(operation: string, body: Effect.Effect<A, E, R>) =>
      dialect.writeTransaction(sql, operation)(body)

    const currentRevision = (id: string) =>
      Effect.map(
        sql<{ revision: number }>`SELECT revision FROM providers WHERE id = ${id}`,
        (rows) => rows[0]?.revision
      )

    const nameTakenByOther = (name: string, id: string) =>
      Effect.map(
        sql`SELECT 1 FROM providers WHERE name_key = ${nameKey(name)} AND id <> ${id}`,
        (rows) => rows.length > 0
      )

    type Encoded = Effect.Effect.Success<ReturnType<typeof encode>>

    /** Appends `row` to the end of the order. */
    const insertRow = (row: Encoded) =>
      sql`INSERT INTO providers (id, name_key, position, revision, document, created_at, updated_at)
      VALUES (${row.id}, ${row.nameKey}, (SELECT COALESCE(MAX(position), -1) + 1 FROM providers), ${row.revision},
        ${row.document}, ${row.createdAt}, ${row.updatedAt})`

    const updateRow = (row: Encoded, expectedRevision: number) =>
      sql`UPDATE providers SET name_key = ${row.nameKey}, revision = ${row.revision}, document = ${row.document},
      created_at = ${row.createdAt}, updated_at = ${row.updatedAt}
      WHERE id = ${row.id} AND revision = ${expectedRevision}`

    const list = sql<Row>`SELECT id, revision, document FROM providers ORDER BY position, id`.pipe(
      Effect.mapError(sqlFailure("list providers")),
      Effect.flatMap((rows) => Effect.forEach(rows, codec.decode)),
      Effect.withSpan("ProviderStore.list")
    )

    const get = Effect.fn("ProviderStore.get")(function* (id: ProviderId) {
      const rows = yield* sql<Row>`SELECT id, revision, document FROM providers WHERE id = ${id}`.pipe(
        Effect.mapError(sqlFailure(`read provider "${id}"`))
      )
      const row = rows[0]
      if (row === undefined) return yield* new NotFound({ entity: "provider", id })
      return yield* codec.decode(row)
    })

    const insert = Effect.fn("ProviderStore.insert")(function* (provider: Provider) {
      const row = yield* encode(provider, 1)
      yield* writeTransaction(
        `add provider "${provider.id}"`,
        Effect.gen(function* () {
          const existing = yield* currentRevision(provider.id)
          if (existing !== undefined) {
            return yield* new Conflict({ id: provider.id, expectedRevision: 0, actualRevision: existing })
          }
          if (yield* nameTakenByOther(provider.name, provider.id)) {
            return yield* new DuplicateName({ name: provider.name })
          }
          yield* insertRow(row)
        })
      )
      return withRevision(provider, 1)
    })

    const update = Effect.fn("ProviderStore.update")(function* (provider: Provider, expectedRevision: number) {
      const row = yield* encode(provider, expectedRevision + 1)
      yield* writeTransaction(
        `update provider "${provider.id}"`,
        Effect.gen(function* () {
          const actual = yield* currentRevision(provider.id)
          if (actual === undefined) return yield* new NotFound({ entity: "provider", id: provider.id })
          if (actual !== expectedRevision) {
            return yield* new Conflict({ id: provider.id, expectedRevision, actualRevision: actual })
          }
          if (yield* nameTakenByOther(provider.name, provider.id)) {
            return yield* new DuplicateName({ name: provider.name })
          }
          yield* updateRow(row, expectedRevision)
        })
      )
      return withRevision(provider, expectedRevision + 1)
    })

    const remove = Effect.fn("ProviderStore.remove")(function* (id: ProviderId) {
      const deleted = yield* sql`DELETE FROM providers WHERE id = ${id} RETURNING id`.pipe(
        Effect.mapError(sqlFailure(`remove provider "${id}"`))
      )
      codec.forget(id)
      if (deleted.length === 0) return yield* new NotFound({ entity: "provider", id })
    })

    const reorder = Effect.fn("ProviderStore.reorder")(function* (ids: ReadonlyArray<ProviderId>) {
      const invalid = new InvalidInput({ field: "order", problem: "must list every provider id exactly once" })
      if (new Set(ids).size !== ids.length) return yield* invalid
      yield* writeTransaction(
        "reorder providers",
        Effect.gen(function* () {
          const stored = yield* sql<{ id: string }>`SELECT id FROM providers`
          const storedIds = new Set(stored.map((row) => row.id))
          if (ids.length !== storedIds.size || !ids.every((id) => storedIds.has(id))) return yield* invalid
          yield* Effect.forEach(
            ids,
            (id, position) => sql`UPDATE providers SET position = ${position} WHERE id = ${id}`,
            {
              discard: true
            }
          )
        })
      )
    })

    const upsertMany = Effect.fn("ProviderStore.upsertMany")(function* (providers: ReadonlyArray<Provider>) {
      return yield* writeTransaction(
        "import providers",
        Effect.gen(function* () {
          const stored = yield* sql<{ id: string; revision: number; name_key: string }>`
          SELECT id, revision, name_key FROM providers`
          const clash = findNameClash(
            stored.map((row) => ({ id: row.id, name: row.name_key })),
            providers
          )
          if (clash !== undefined) return yield* new DuplicateName({ name: clash.name })

          const revisions = new Map(stored.map((row) => [row.id, row.revision]))
          // Park the name keys of the rows being overwritten on values no real key can take (real keys are trimmed, so
          // none starts with a space): two providers swapping names in one import must not trip the UNIQUE constraint
          // half-way through.
          for (const id of new Set(providers.map((p) => p.id).filter((id) => revisions.has(id)))) {
            yield* sql`UPDATE providers SET name_key = ${` ${id}`} WHERE id = ${id}`
          }
          // Sealing and writing a large import pauses between slices, so other requests are not held for all of it.
          return yield* Effect.forEach(providers, (provider, i) =>
            Effect.gen(function* () {
              yield* pauseBefore(i)
              const current = revisions.get(provider.id)
              const revision = current === undefined ? 1 : current + 1
              const row = yield* encode(provider, revision)
              yield* current === undefined ? insertRow(row) : updateRow(row, current)
              revisions.set(provider.id, revision)
              return withRevision(provider, revision)
            })
          )
        })
      )
    })

    // The column is written apart from the document: a check bumps no revision (see the port).
    const saveVerify = Effect.fn("ProviderStore.saveVerify")(function* (id: ProviderId, verified: LastVerify) {
      const json = yield* Schema.encode(LastVerifyJson)(verified).pipe(
        Effect.mapError((error) => storageError(`save the verify report of "${id}"`, error))
      )
      const written = yield* sql`UPDATE providers SET last_verify = ${json} WHERE id = ${id} RETURNING id`.pipe(
        Effect.mapError(sqlFailure(`save the verify report of "${id}"`))
      )
      if (written.length === 0) return yield* new NotFound({ entity: "provider", id })
    })

    const lastVerify = Effect.fn("ProviderStore.lastVerify")(function* (id: ProviderId) {
      const operation = `read the verify report of "${id}"`
      const [row] = yield* sql<{ readonly last_verify: string | null }>`
      SELECT last_verify FROM providers WHERE id = ${id}`.pipe(Effect.mapError(sqlFailure(operation)))
      if (row === undefined) return yield* new NotFound({ entity: "provider", id })
      if (row.last_verify === null) return Option.none()
      return Option.some(
        yield* Schema.decode(LastVerifyJson)(row.last_verify).pipe(
          Effect.mapError((error) => storageError(operation, error))
        )
      )
    })

    return ProviderStore.of({ list, get, insert, update, remove, reorder, upsertMany, saveVerify, lastVerify })
  })

export const make = makeWith(sqlite)

/** The store alone on the database's `SqlClient`, with documents in and out through `ProviderDocument`. */
export const layerUncached: Layer.Layer<ProviderStore, never, SqlClient.SqlClient | ProviderDocument.ProviderDocument> =
  Layer.effect(ProviderStore, make)

/**
 * What the apps use: the store sealing with `Secrets`, under the read cache driven by the database's `ChangeSignal`
 * (both given by `Database.layer`).
 */
export const layer: Layer.Layer<ProviderStore, never, SqlClient.SqlClient | ChangeSignal | Secrets> =
  CachedProviderStore.layer.pipe(Layer.provide(layerUncached), Layer.provide(ProviderDocument.layer))
