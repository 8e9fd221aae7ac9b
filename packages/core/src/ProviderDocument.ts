/**
 * How a provider is stored, whatever the database: one JSON document (its Schema encoding) with every API key and
 * every credential header value (see `SecretHeaders`) replaced by its sealed form (see `Secrets`), so no store ever
 * writes a plain secret. A credential header keeps its place in `headers` with an empty value; its sealed value is in
 * `sealedHeaders` under the same name. Documents written before headers were sealed have no `sealedHeaders`: their
 * values are read as plain, and sealed by the next write. A base URL carrying credentials (`?key=…`, `user:pass@`, see
 * `SecretUrl`) is stored without them, the whole URL sealed in `sealedBaseUrl`; older documents hold it plain, read
 * as is and sealed by the next write. Every failure is a `StorageError` naming the provider.
 *
 * The SQLite and PostgreSQL stores share it, so the document format lives here, once.
 */
import { Context, Effect, Layer, Redacted, Schema } from "effect"
import { ApiKey } from "./domain/ApiKey"
import { StorageError } from "./domain/Errors"
import { Provider } from "./domain/Provider"
import { isSecretHeader } from "./domain/SecretHeaders"
import { hasUrlSecrets, withoutUrlSecrets } from "./domain/SecretUrl"
import { Secrets } from "./Secrets"

/** An API key as stored: the same fields, with `value` sealed. */
const SealedApiKey = Schema.Struct({ ...ApiKey.fields, value: Schema.String })

const Document = Schema.parseJson(
  Schema.Struct({
    ...Provider.fields,
    apiKeys: Schema.Array(SealedApiKey),
    sealedHeaders: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.String })),
    sealedBaseUrl: Schema.optional(Schema.String)
  })
)

/** The sealed values of one provider that the master key could not unseal. */
interface Lost {
  readonly keys: Map<string, string>
  readonly headers: Map<string, string>
}

/** A stored provider as a store reads it: the row's id and revision columns, and the document text. */
export interface StoredDocument {
  readonly id: string
  readonly revision: number
  readonly document: string
}

export interface ProviderDocumentService {
  /** The document text for `provider` stored as `revision`; every secret sealed. */
  readonly encode: (provider: Provider, revision: number) => Effect.Effect<string, StorageError>
  /**
   * The provider a stored document holds. `revision` is the store's own (the one its concurrency check uses), so it
   * wins over the copy inside the document. A damaged document names the provider; a key or header the master key
   * cannot unseal does not fail the read: it comes back unreadable (see `ApiKey.unreadable`), kept as sealed.
   */
  readonly decode: (stored: StoredDocument) => Effect.Effect<Provider, StorageError>
  /** Drops what is remembered about provider `id` (it was removed), so memory does not grow with removed providers. */
  readonly forget: (id: string) => void
}

export class ProviderDocument extends Context.Tag("@switchboard/core/ProviderDocument")<
  ProviderDocument,
  ProviderDocumentService
>() {}

export const make = Effect.gen(function* () {
  const secrets = yield* Secrets

  /**
   * The last document text seen per provider id, with the provider it decodes to. Decoding (parsing, unsealing every
   * secret) is most of a read's cost, and the gateway reads its provider on every request. The memo sits here, keyed
   * by the text, because a document's text alone decides what it decodes to (under one master key): a row whose text
   * is the one remembered decodes to the remembered provider, whoever wrote it and whenever, so this memo needs no
   * invalidation and cannot be stale, and every store gets it. A read cache above the store (`CachedProviderStore`)
   * saves the query too, but must ask the store again after any commit; this memo makes that second read cheap.
   * `encode` remembers what it wrote (its sealed values are fresh, so only a row holding exactly that text matches),
   * so the read after a write decodes nothing.
   */
  const memo = new Map<string, { readonly document: string; readonly provider: Provider }>()

  /**
   * Per provider id, the sealed values its last decode could not unseal (another master key sealed them), by key id
   * and by header name. The provider carries them as unreadable (an empty value, `ApiKey.unreadable`), so it still
   * lists and the others are untouched; a later write of the same provider keeps these sealed values as they were,
   * so restoring the right master key brings them back. Only removing the key or setting the header anew drops them.
   */
  const unreadable = new Map<string, Lost>()

  const kept = (id: string, sealed: string | undefined) =>
    sealed === undefined
      ? Effect.fail(
          new StorageError({
            operation: `save provider "${id}"`,
            detail: "an unreadable key or header is not among those read from the store; reload the provider and retry"
          })
        )
      : Effect.succeed(sealed)

  const encode = Effect.fn("ProviderDocument.encode")(function* (provider: Provider, revision: number) {
    const lost = unreadable.get(provider.id)
    const apiKeys = yield* Effect.forEach(provider.apiKeys, ({ unreadable: isLost, ...key }) =>
      Effect.map(isLost ? kept(provider.id, lost?.keys.get(key.id)) : secrets.seal(key.value), (value) => ({
        ...key,
        value
      }))
    )
    const headers: Record<string, string> = {}
    const sealedHeaders: Record<string, string> = {}
    for (const [name, value] of Object.entries(provider.headers)) {
      headers[name] = isSecretHeader(name) ? "" : value
      if (!isSecretHeader(name)) continue
      const lostValue = value === "" ? lost?.headers.get(name) : undefined
      sealedHeaders[name] = lostValue ?? (yield* secrets.seal(Redacted.make(value)))
    }
    const urlSecret = hasUrlSecrets(provider.baseUrl)
    const document = yield* Schema.encode(Document)({
      ...provider,
      apiKeys,
      headers,
      ...(Object.keys(sealedHeaders).length === 0 ? {} : { sealedHeaders }),
      ...(urlSecret
        ? {
            baseUrl: withoutUrlSecrets(provider.baseUrl),
            sealedBaseUrl: yield* secrets.seal(Redacted.make(provider.baseUrl))
          }
        : {}),
      revision
    }).pipe(
      Effect.mapError(
        (error) => new StorageError({ operation: `save provider "${provider.id}"`, detail: error.message })
      )
    )
    memo.set(provider.id, { document, provider: new Provider({ ...provider, revision }) })
    return document
  })

  const decodeText = (stored: StoredDocument) =>
    Effect.gen(function* () {
      const document = yield* Schema.decodeUnknown(Document)(stored.document)
      const lost: Lost = { keys: new Map(), headers: new Map() }
      const apiKeys = yield* Effect.forEach(document.apiKeys, (key) =>
        secrets.unseal(key.value).pipe(
          Effect.map((value) => new ApiKey({ ...key, value })),
          Effect.orElse(() => {
            lost.keys.set(key.id, key.value)
            return Effect.succeed(new ApiKey({ id: key.id, value: Redacted.make(""), unreadable: true }))
          })
        )
      )
      const sealed = document.sealedHeaders ?? {}
      const headers: Record<string, string> = {}
      for (const [name, value] of Object.entries(document.headers)) {
        if (!Object.hasOwn(sealed, name)) {
          headers[name] = value
          continue
        }
        const sealedValue = sealed[name]!
        headers[name] = yield* secrets.unseal(sealedValue).pipe(
          Effect.map(Redacted.value),
          Effect.orElse(() => {
            lost.headers.set(name, sealedValue)
            return Effect.succeed("")
          })
        )
      }
      if (lost.keys.size + lost.headers.size > 0) unreadable.set(stored.id, lost)
      else unreadable.delete(stored.id)
      const { sealedHeaders: _sealed, sealedBaseUrl, ...fields } = document
      // A URL whose credentials will not unseal (another master key) is read without them, like an unreadable key.
      const baseUrl =
        sealedBaseUrl === undefined
          ? fields.baseUrl
          : yield* secrets.unseal(sealedBaseUrl).pipe(
              Effect.map(Redacted.value),
              Effect.orElseSucceed(() => fields.baseUrl)
            )
      return new Provider({ ...fields, baseUrl, apiKeys, headers, revision: stored.revision })
    }).pipe(
      Effect.mapError(
        (error) =>
          new StorageError({
            operation: `read provider "${stored.id}"`,
            detail: `its stored document is damaged: ${error.message}`
          })
      )
    )

  const decode = (stored: StoredDocument): Effect.Effect<Provider, StorageError> =>
    Effect.suspend(() => {
      const hit = memo.get(stored.id)
      if (hit !== undefined && hit.document === stored.document && hit.provider.revision === stored.revision) {
        return Effect.succeed(hit.provider)
      }
      return decodeText(stored).pipe(
        Effect.map((provider) => {
          memo.set(stored.id, { document: stored.document, provider })
          return provider
        }),
        Effect.withSpan("ProviderDocument.decode")
      )
    })

  const forget = (id: string) => {
    memo.delete(id)
    unreadable.delete(id)
  }

  return ProviderDocument.of({ encode, decode, forget })
})

/** The codec sealing with the app's `Secrets`. */
export const layer: Layer.Layer<ProviderDocument, never, Secrets> = Layer.effect(ProviderDocument, make)

/**
 * Every sealed value a stored document holds (its keys, its credential headers, then its base URL), without
 * unsealing any: what a store's key check (`KeyCheck`) tries the master key on. A document it cannot parse holds none.
 */
export const sealedValues = (document: string): ReadonlyArray<string> => {
  try {
    const parsed = JSON.parse(document) as {
      readonly apiKeys?: ReadonlyArray<{ readonly value?: unknown }>
      readonly sealedHeaders?: Readonly<Record<string, unknown>>
      readonly sealedBaseUrl?: unknown
    }
    return [
      ...(parsed.apiKeys ?? []).map((key) => key.value),
      ...Object.values(parsed.sealedHeaders ?? {}),
      parsed.sealedBaseUrl
    ].filter((value): value is string => typeof value === "string")
  } catch {
    return []
  }
}
