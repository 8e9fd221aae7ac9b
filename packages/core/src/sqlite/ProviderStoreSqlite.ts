/**
 * `ProviderStore` on the embedded SQLite database (see `Database`). Each provider is one row: its Schema-encoded JSON
 * document with every API key and every credential header value (see `SecretHeaders`) replaced by its sealed form
 * (the plain secret is never written), plus the columns that queries and constraints need: `name_key` (UNIQUE, the
 * case-insensitive name), `position` (the user's order) and `revision` (optimistic concurrency). The semantics are
 * exactly those documented on the port.
 */
import { SqlClient, SqlError } from "@effect/sql"
import { DateTime, Effect, Layer, Redacted, Schema } from "effect"
import { ApiKey } from "../domain/ApiKey"
import { DataVersion } from "./DataVersion"
import { Conflict, DuplicateName, InvalidInput, NotFound, StorageError } from "../domain/Errors"
import { Provider, type ProviderId } from "../domain/Provider"
import { findNameClash, nameKey, ProviderStore } from "../ProviderStore"
import { Secrets } from "../Secrets"
import { isSecretHeader } from "../domain/SecretHeaders"

/** An API key as stored: the same fields, with `value` sealed. */
const SealedApiKey = Schema.Struct({ ...ApiKey.fields, value: Schema.String })

/**
 * The stored document: a provider whose keys are sealed, as JSON text. A credential header keeps its place in
 * `headers` with an empty value, its sealed value is in `sealedHeaders` under the same name. Documents written before
 * headers were sealed have no `sealedHeaders`: their values are read as plain, and sealed by the next write.
 */
const Document = Schema.parseJson(
  Schema.Struct({
    ...Provider.fields,
    apiKeys: Schema.Array(SealedApiKey),
    sealedHeaders: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.String }))
  })
)

interface Row {
  readonly id: string
  readonly revision: number
  readonly document: string
}

const withRevision = (provider: Provider, revision: number) => new Provider({ ...provider, revision })

export const make = Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const dataVersion = yield* DataVersion
  const secrets = yield* Secrets

  const sqlFailure = (operation: string) => (error: SqlError.SqlError) =>
    new StorageError({
      operation,
      detail: error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message
    })

  /** The row's columns for `provider` stored as `revision`; keys are sealed here, before any lock is taken. */
  const encode = (provider: Provider, revision: number) =>
    Effect.gen(function* () {
      const apiKeys = yield* Effect.forEach(provider.apiKeys, (key) =>
        Effect.map(secrets.seal(key.value), (value) => ({ ...key, value }))
      )
      const headers: Record<string, string> = {}
      const sealedHeaders: Record<string, string> = {}
      for (const [name, value] of Object.entries(provider.headers)) {
        headers[name] = isSecretHeader(name) ? "" : value
        if (isSecretHeader(name)) sealedHeaders[name] = yield* secrets.seal(Redacted.make(value))
      }
      const document = yield* Schema.encode(Document)({
        ...provider,
        apiKeys,
        headers,
        ...(Object.keys(sealedHeaders).length === 0 ? {} : { sealedHeaders }),
        revision
      }).pipe(
        Effect.mapError(
          (error) => new StorageError({ operation: `save provider "${provider.id}"`, detail: error.message })
        )
      )
      return {
        id: provider.id,
        nameKey: nameKey(provider.name),
        revision,
        document,
        createdAt: DateTime.formatIso(provider.createdAt),
        updatedAt: DateTime.formatIso(provider.updatedAt)
      }
    })

  /** A stored row back to a provider; a corrupt document or a key that will not unseal names the provider. */
  const decode = (row: Row) =>
    Effect.gen(function* () {
      const document = yield* Schema.decodeUnknown(Document)(row.document)
      const apiKeys = yield* Effect.forEach(document.apiKeys, (key) =>
        Effect.map(secrets.unseal(key.value), (value) => new ApiKey({ ...key, value }))
      )
      const sealed = document.sealedHeaders ?? {}
      const headers: Record<string, string> = {}
      for (const [name, value] of Object.entries(document.headers)) {
        headers[name] = Object.hasOwn(sealed, name) ? Redacted.value(yield* secrets.unseal(sealed[name]!)) : value
      }
      const { sealedHeaders: _sealed, ...fields } = document
      // The column is the revision the concurrency check uses, so it wins over the copy inside the document.
      return new Provider({ ...fields, apiKeys, headers, revision: row.revision })
    }).pipe(
      Effect.mapError(
        (error) =>
          new StorageError({
            operation: `read provider "${row.id}"`,
            detail: error._tag === "StorageError" ? error.detail : `its stored document is damaged: ${error.message}`
          })
      )
    )

  /**
   * Decoded providers by id, each with the stored document it came from. Decoding (parsing the document, unsealing
   * every secret) is most of a read's cost, and the gateway reads its provider on every request. A row whose document
   * text is the one cached decodes to the cached provider, so the cache can never be stale, whoever wrote the file
   * (the server and the TUI are separate processes on it): every read that `get` cannot answer from `current`
   * (below) still fetches the row. Writes through this store put what they wrote here, so the next read decodes
   * nothing.
   */
  const decoded = new Map<string, { readonly document: string; readonly provider: Provider }>()

  const remember = (document: string, provider: Provider) => {
    decoded.set(provider.id, { document, provider })
    return provider
  }

  const decodeCached = (row: Row) => {
    const hit = decoded.get(row.id)
    return hit !== undefined && hit.document === row.document && hit.provider.revision === row.revision
      ? Effect.succeed(hit.provider)
      : Effect.map(decode(row), (provider) => remember(row.document, provider))
  }

  /**
   * Runs `body` in a transaction that holds SQLite's write lock from its first statement. With a plain `BEGIN` the
   * lock is taken at the first write, after the reads; if another process (server or TUI) is writing by then, SQLite
   * cannot wait (the reads may already be stale) and fails at once with "database is locked". The dummy write first
   * makes it wait, up to `busy_timeout`, for the other writer, and the reads that follow see what it wrote.
   */
  const writeTransaction = <A, E, R>(operation: string, body: Effect.Effect<A, E, R>) =>
    sql.withTransaction(Effect.zipRight(sql`UPDATE providers SET revision = revision WHERE 0`, body)).pipe(
      Effect.catchIf(
        (error): error is SqlError.SqlError => error instanceof SqlError.SqlError,
        (error) => Effect.fail(sqlFailure(operation)(error))
      )
    )

  const currentRevision = (id: string) =>
    Effect.map(sql<{ revision: number }>`SELECT revision FROM providers WHERE id = ${id}`, (rows) => rows[0]?.revision)

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
    Effect.flatMap((rows) => Effect.forEach(rows, decodeCached)),
    Effect.withSpan("ProviderStore.list")
  )

  /**
   * Providers read since the database last changed (`DataVersion`), which `get` answers without a query: the gateway
   * reads its provider on every request. Any commit, by this process or another, empties it.
   */
  const current = new Map<string, Provider>()
  let currentAt = -1

  const read = Effect.fn("ProviderStore.get")(function* (id: ProviderId) {
    const rows = yield* sql<Row>`SELECT id, revision, document FROM providers WHERE id = ${id}`.pipe(
      Effect.mapError(sqlFailure(`read provider "${id}"`))
    )
    const row = rows[0]
    if (row === undefined) return yield* new NotFound({ entity: "provider", id })
    return yield* decodeCached(row)
  })

  // Checked when the effect runs, not when it is made: a `get` kept and run again must see later commits.
  const get = (id: ProviderId): Effect.Effect<Provider, NotFound | StorageError> =>
    Effect.suspend(() => {
      // Read before the query: a commit during it changes the version again, so its result is not trusted for long.
      const version = dataVersion.current()
      if (version !== currentAt) {
        current.clear()
        currentAt = version
      }
      const hit = current.get(id)
      if (hit !== undefined) return Effect.succeed(hit)
      return Effect.tap(read(id), (provider) => {
        if (currentAt === version) current.set(id, provider)
      })
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
    return remember(row.document, withRevision(provider, 1))
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
    return remember(row.document, withRevision(provider, expectedRevision + 1))
  })

  const remove = Effect.fn("ProviderStore.remove")(function* (id: ProviderId) {
    const deleted = yield* sql`DELETE FROM providers WHERE id = ${id} RETURNING id`.pipe(
      Effect.mapError(sqlFailure(`remove provider "${id}"`))
    )
    decoded.delete(id)
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
        return yield* Effect.forEach(providers, (provider) =>
          Effect.gen(function* () {
            const current = revisions.get(provider.id)
            const revision = current === undefined ? 1 : current + 1
            const row = yield* encode(provider, revision)
            yield* current === undefined ? insertRow(row) : updateRow(row, current)
            revisions.set(provider.id, revision)
            // Safe inside the transaction: on a rollback no row holds this document text, so it is never served.
            return remember(row.document, withRevision(provider, revision))
          })
        )
      })
    )
  })

  return ProviderStore.of({ list, get, insert, update, remove, reorder, upsertMany })
})

/** The store on the database's `SqlClient`, sealing keys with `Secrets`. */
export const layer: Layer.Layer<ProviderStore, never, SqlClient.SqlClient | DataVersion | Secrets> = Layer.effect(
  ProviderStore,
  make
)
