/**
 * The export format of the whole configuration: every provider in the user's order with all its settings, models
 * (with overrides) and timestamps, as one JSON document a user can keep, move to another machine or put under
 * version control. Keys, the values of credential headers (see `SecretHeaders`) and the credentials in a base URL
 * (`?key=…`, see `SecretUrl`) stay out unless the user gives a passphrase; then all of them travel as one blob sealed with AES-256-GCM under a key derived from the passphrase with
 * scrypt, so the file is useless without it.
 */
import { createCipheriv, createDecipheriv, randomBytes, scrypt } from "node:crypto"
import { DateTime, Effect, Option, Redacted, Schema } from "effect"
import { ApiKey, ApiKeyId } from "./domain/ApiKey"
import { BaseUrlField } from "./BaseUrl"
import { hasUrlSecrets, withoutUrlSecrets } from "./domain/SecretUrl"
import { InvalidInput } from "./domain/Errors"
import { Model, ModelId } from "./domain/Model"
import { Pricing } from "./domain/ModelPricing"
import { Capability } from "./domain/ModelCapabilities"
import { Provider, ProviderId } from "./domain/Provider"
import {
  ApiKeyField,
  ApiVersionField,
  decodeInput,
  HeadersField,
  ModelGroup,
  ProviderName
} from "./domain/ProviderInput"
import { nameKey } from "./ProviderStore"
import { ProviderType } from "./domain/ProviderType"
import { partitionHeaders, secretHeaders } from "./domain/SecretHeaders"
import { Timeouts } from "./domain/Timeouts"
import { pauseBefore } from "./internal/YieldToEventLoop"

export const configFormat = "switchboard/config"

/**
 * A model's display name. Looser than `ModelName` (at most 128 characters) because a name defaults to the model id,
 * which may be up to 256.
 */
const StoredModelName = Schema.Trim.pipe(
  Schema.filter((name) => name.length >= 1 || "must not be empty"),
  Schema.filter((name) => name.length <= 256 || "must be at most 256 characters"),
  Schema.filter((name) => !/\p{Cc}/u.test(name) || "must not contain control characters")
)

export const ConfigModel = Schema.Struct({
  id: ModelId,
  name: StoredModelName,
  group: ModelGroup,
  /** Only the capabilities the user set; the rest are inferred from the id again on import. */
  overrides: Schema.partialWith(Schema.Record({ key: Capability, value: Schema.Boolean }), { exact: true }),
  contextLength: Schema.optional(Schema.Int.pipe(Schema.positive())),
  ownedBy: Schema.optional(Schema.String),
  /** The user's settings (see `ModelPatch`); the catalog's facts are not exported, they are filled again on import. */
  contextWindow: Schema.optional(Schema.Int.pipe(Schema.between(1, 100_000_000))),
  maxOutputTokens: Schema.optional(Schema.Int.pipe(Schema.between(1, 100_000_000))),
  pricing: Schema.optional(Pricing)
})

export const ConfigProvider = Schema.Struct({
  id: ProviderId,
  name: ProviderName,
  type: ProviderType,
  enabled: Schema.Boolean,
  baseUrl: BaseUrlField,
  apiVersion: Schema.optional(ApiVersionField),
  /** Credential headers are not here: their values travel in `sealedKeys` or not at all. */
  headers: HeadersField,
  timeouts: Timeouts,
  models: Schema.Array(ConfigModel),
  createdAt: Schema.DateTimeUtc,
  updatedAt: Schema.DateTimeUtc
})
export type ConfigProvider = typeof ConfigProvider.Type

const Base64 = Schema.String.pipe(Schema.pattern(/^[A-Za-z0-9+/]*={0,2}$/))

/** scrypt's cost parameters, stored so a later version can raise them and still read older files. */
const ScryptParams = Schema.Struct({
  N: Schema.Int.pipe(
    Schema.filter((n) => (n >= 2 ** 14 && n <= 2 ** 20 && (n & (n - 1)) === 0) || "must be a power of two in 2^14…2^20")
  ),
  r: Schema.Int.pipe(Schema.between(1, 32)),
  p: Schema.Int.pipe(Schema.between(1, 16))
}).pipe(
  // Bounds the memory an imported file can make scrypt allocate.
  Schema.filter((k) => 128 * k.N * k.r * k.p <= 256 * 2 ** 20 || "asks scrypt for more than 256 MiB")
)

/**
 * Every key and credential header of every provider (`{ [providerId]: { apiKeys: [{ id, value }], headers, baseUrl? } }`
 * as JSON, `baseUrl` whole when it carries credentials), encrypted as one blob. Documents from before headers were sealed hold `{ [providerId]: [{ id, value }] }`.
 */
export const SealedKeys = Schema.Struct({
  cipher: Schema.Literal("aes-256-gcm"),
  kdf: Schema.Literal("scrypt"),
  params: ScryptParams,
  salt: Base64,
  iv: Base64,
  tag: Base64,
  data: Base64
})
export type SealedKeys = typeof SealedKeys.Type

export class ConfigDocument extends Schema.Class<ConfigDocument>("ConfigDocument")({
  format: Schema.Literal(configFormat),
  version: Schema.Literal(1),
  exportedAt: Schema.DateTimeUtc,
  providers: Schema.Array(ConfigProvider),
  sealedKeys: Schema.optional(SealedKeys)
}) {}

/**
 * The document with its providers not yet checked: `readConfigDocument` decodes them one by one, pausing between
 * slices, so a large import does not hold up every other request while it is checked.
 */
const ConfigEnvelope = Schema.Struct({
  ...ConfigDocument.fields,
  providers: Schema.Array(Schema.Unknown)
})

/** The document as JSON, the form `importConfig` takes it back in (parsed); still checked whole when read. */
export type ConfigDocumentJson = typeof ConfigDocument.Encoded

/** The document as JSON text, the form users save (`importConfig` takes it back once parsed). */
export const toJson = (document: ConfigDocument): string =>
  `${JSON.stringify(Schema.encodeSync(ConfigDocument)(document), null, 2)}\n`

/**
 * What a document holds for one provider. `apiKeys` is none when the document carries no keys for it,
 * `secretHeaders` none when it carries no credential headers for it (`provider.headers` then holds the others only).
 */
export interface ImportedProvider {
  readonly provider: Provider
  readonly apiKeys: Option.Option<ReadonlyArray<ApiKey>>
  readonly secretHeaders: Option.Option<Readonly<Record<string, string>>>
}

const exportParams = { N: 2 ** 15, r: 8, p: 1 } as const
// The ciphertext is bound to the format, so a blob cannot be moved into a document of another format or version.
const additionalData = Buffer.from(`${configFormat}/1`)
const minPassphraseLength = 8

const SealedKeyList = Schema.Array(Schema.Struct({ id: Schema.String, value: ApiKeyField }))

const SealedPlain = Schema.parseJson(
  Schema.Record({
    key: Schema.String,
    value: Schema.Union(
      SealedKeyList,
      Schema.Struct({ apiKeys: SealedKeyList, headers: HeadersField, baseUrl: Schema.optional(BaseUrlField) })
    )
  })
)

const deriveKey = (passphrase: string, salt: Buffer, params: typeof ScryptParams.Type) =>
  Effect.async<Buffer>((resume) => {
    scrypt(passphrase, salt, 32, { ...params, maxmem: 256 * params.N * params.r * params.p }, (error, key) =>
      // Parameters are validated before, so scrypt failing is a bug or the machine running out of memory.
      resume(error ? Effect.die(error) : Effect.succeed(key))
    )
  })

const checkPassphrase = (passphrase: string) =>
  passphrase.length >= minPassphraseLength
    ? Effect.void
    : Effect.fail(
        new InvalidInput({ field: "passphrase", problem: `must be at least ${minPassphraseLength} characters` })
      )

const seal = Effect.fn("ConfigDocument.seal")(function* (providers: ReadonlyArray<Provider>, passphrase: string) {
  yield* checkPassphrase(passphrase)
  const plain = JSON.stringify(
    Object.fromEntries(
      providers.map((p) => [
        p.id,
        {
          // A key the master key cannot unseal has no value to export.
          apiKeys: p.apiKeys
            .filter((key) => key.unreadable !== true)
            .map((key) => ({ id: key.id, value: Redacted.value(key.value) })),
          headers: secretHeaders(p.headers),
          ...(hasUrlSecrets(p.baseUrl) ? { baseUrl: p.baseUrl } : {})
        }
      ])
    )
  )
  const salt = randomBytes(16)
  const iv = randomBytes(12)
  const key = yield* deriveKey(passphrase, salt, exportParams)
  const cipher = createCipheriv("aes-256-gcm", key, iv).setAAD(additionalData)
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()])
  return {
    cipher: "aes-256-gcm",
    kdf: "scrypt",
    params: exportParams,
    salt: salt.toString("base64"),
    iv: iv.toString("base64"),
    tag: cipher.getAuthTag().toString("base64"),
    data: data.toString("base64")
  } satisfies SealedKeys
})

const wrongPassphrase = new InvalidInput({
  field: "passphrase",
  problem: "does not open the document's keys; give the passphrase they were exported with"
})

const unseal = Effect.fn("ConfigDocument.unseal")(function* (sealed: SealedKeys, passphrase: string | undefined) {
  if (passphrase === undefined)
    return yield* new InvalidInput({
      field: "passphrase",
      problem: "is required: the document's keys are sealed with the passphrase given at export"
    })
  const key = yield* deriveKey(passphrase, Buffer.from(sealed.salt, "base64"), sealed.params)
  const plain = yield* Effect.try({
    try: () => {
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(sealed.iv, "base64"))
        .setAAD(additionalData)
        .setAuthTag(Buffer.from(sealed.tag, "base64"))
      return Buffer.concat([decipher.update(Buffer.from(sealed.data, "base64")), decipher.final()]).toString("utf8")
    },
    // GCM cannot tell a wrong passphrase from a tampered blob; the passphrase is by far the likelier cause.
    catch: () => wrongPassphrase
  })
  // A blob that decrypts but does not hold keys was sealed by something else: never echo its content.
  return yield* Schema.decode(SealedPlain)(plain).pipe(
    Effect.mapError(
      () => new InvalidInput({ field: "sealedKeys", problem: "does not hold API keys written by Switchboard" })
    )
  )
})

/** The document for `providers`, keys and credential headers sealed with `passphrase` when one is given, else left out. */
export const writeConfigDocument = Effect.fn("ConfigDocument.write")(function* (
  providers: ReadonlyArray<Provider>,
  passphrase?: string
) {
  const sealedKeys = passphrase === undefined ? undefined : yield* seal(providers, passphrase)
  return new ConfigDocument({
    format: configFormat,
    version: 1,
    exportedAt: yield* DateTime.now,
    providers: providers.map((p) => ({
      id: p.id,
      name: p.name,
      type: p.type,
      enabled: p.enabled,
      baseUrl: withoutUrlSecrets(p.baseUrl),
      ...(p.apiVersion === undefined ? {} : { apiVersion: p.apiVersion }),
      headers: partitionHeaders(p.headers).plain,
      timeouts: p.timeouts,
      models: p.models.map((m) => ({
        id: m.id,
        name: m.name,
        group: m.group,
        overrides: m.overrides,
        ...(m.contextLength === undefined ? {} : { contextLength: m.contextLength }),
        ...(m.ownedBy === undefined ? {} : { ownedBy: m.ownedBy }),
        ...(m.contextWindow === undefined ? {} : { contextWindow: m.contextWindow }),
        ...(m.maxOutputTokens === undefined ? {} : { maxOutputTokens: m.maxOutputTokens }),
        ...(m.pricing === undefined ? {} : { pricing: m.pricing })
      })),
      createdAt: p.createdAt,
      updatedAt: p.updatedAt
    })),
    ...(sealedKeys === undefined ? {} : { sealedKeys })
  })
})

/** The first entry whose `key` repeats an earlier one, with both positions. */
const firstRepeat = <A>(items: ReadonlyArray<A>, key: (item: A) => string) => {
  const seen = new Map<string, number>()
  for (const [index, item] of items.entries()) {
    const earlier = seen.get(key(item))
    if (earlier !== undefined) return { index, earlier }
    seen.set(key(item), index)
  }
  return undefined
}

/** Checks what the schema cannot: ids and names unique across the document, model ids unique per provider. */
const checkUnique = (providers: ReadonlyArray<ConfigProvider>): Effect.Effect<void, InvalidInput> => {
  const repeatedId = firstRepeat(providers, (p) => p.id)
  if (repeatedId)
    return Effect.fail(
      new InvalidInput({
        field: `providers[${repeatedId.index}].id`,
        problem: `is also the id of providers[${repeatedId.earlier}]; ids must be unique`
      })
    )
  const repeatedName = firstRepeat(providers, (p) => nameKey(p.name))
  if (repeatedName)
    return Effect.fail(
      new InvalidInput({
        field: `providers[${repeatedName.index}].name`,
        problem: `is also the name of providers[${repeatedName.earlier}]; names must be unique, ignoring case`
      })
    )
  for (const [i, provider] of providers.entries()) {
    const repeatedModel = firstRepeat(provider.models, (m) => m.id)
    if (repeatedModel)
      return Effect.fail(
        new InvalidInput({
          field: `providers[${i}].models[${repeatedModel.index}].id`,
          problem: `repeats models[${repeatedModel.earlier}]; a provider lists each model once`
        })
      )
  }
  return Effect.void
}

type Secrets = Pick<ImportedProvider, "apiKeys" | "secretHeaders">

const noSecrets: Secrets = { apiKeys: Option.none(), secretHeaders: Option.none() }

/** The keys and credential headers of one provider from the unsealed blob, keys checked like keys typed in. */
const secretsOf = (plain: typeof SealedPlain.Type, providerId: string): Effect.Effect<Secrets, InvalidInput> => {
  const entry = Object.hasOwn(plain, providerId) ? plain[providerId] : undefined
  if (entry === undefined) return Effect.succeed(noSecrets)
  const entries = "apiKeys" in entry ? entry.apiKeys : entry
  const repeated = firstRepeat(entries, (e) => e.id)
  if (repeated)
    return Effect.fail(
      new InvalidInput({ field: "sealedKeys", problem: `holds two keys with one id for provider "${providerId}"` })
    )
  return Effect.succeed({
    apiKeys: Option.some(entries.map((e) => new ApiKey({ id: ApiKeyId.make(e.id), value: Redacted.make(e.value) }))),
    secretHeaders: "headers" in entry ? Option.some(entry.headers) : Option.none()
  })
}

/** Credential headers and plain ones together; the sealed value wins over a plain one of the same name. */
const withSecretHeaders = (
  plain: Readonly<Record<string, string>>,
  secret: Readonly<Record<string, string>>,
  field: string
): Effect.Effect<Readonly<Record<string, string>>, InvalidInput> =>
  decodeInput(HeadersField, field)({ ...plain, ...secret })

/**
 * Validates a whole document (parsed JSON, or a `ConfigDocument`) and returns what it holds as providers, in its
 * order, at revision 0. Fails with one `InvalidInput` naming the field (`providers[2].baseUrl`, `passphrase`).
 */
export const readConfigDocument = Effect.fn("ConfigDocument.read")(function* (
  input: ConfigDocument | ConfigDocumentJson,
  passphrase?: string
) {
  const raw = input instanceof ConfigDocument ? Schema.encodeSync(ConfigDocument)(input) : input
  const document = yield* decodeInput(ConfigEnvelope)(raw)
  const providers = yield* Effect.forEach(document.providers, (p, i) =>
    Effect.zipRight(pauseBefore(i), decodeInput(ConfigProvider, `providers[${i}]`)(p))
  )
  yield* checkUnique(providers)
  const plain = document.sealedKeys === undefined ? undefined : yield* unseal(document.sealedKeys, passphrase)
  return yield* Effect.forEach(providers, (p, i) =>
    Effect.gen(function* () {
      yield* pauseBefore(i)
      const secrets = plain === undefined ? noSecrets : yield* secretsOf(plain, p.id)
      const headers = Option.isSome(secrets.secretHeaders)
        ? yield* withSecretHeaders(p.headers, secrets.secretHeaders.value, `providers[${i}].headers`)
        : p.headers
      const entry = plain !== undefined && Object.hasOwn(plain, p.id) ? plain[p.id] : undefined
      return {
        ...secrets,
        provider: new Provider({
          ...p,
          baseUrl: entry !== undefined && "baseUrl" in entry && entry.baseUrl !== undefined ? entry.baseUrl : p.baseUrl,
          apiKeys: Option.getOrElse(secrets.apiKeys, () => []),
          headers,
          // Each field was checked by `ConfigModel` just now: checking the Model again cost seconds at 12,000.
          models: p.models.map((m) => new Model(m, true)),
          revision: 0
        })
      } satisfies ImportedProvider
    })
  )
})

/**
 * The provider an import writes: what the document holds, plus, for a provider already `stored`, the stored keys and
 * credential headers (and base URL credentials) where the document carries none (an export without a passphrase must not wipe them).
 */
export const keepStoredSecrets = (imported: ImportedProvider, stored: Provider | undefined): Provider =>
  new Provider({
    ...imported.provider,
    apiKeys: Option.getOrElse(imported.apiKeys, () => stored?.apiKeys ?? []),
    // The stored URL's credentials, where the document holds that URL without them.
    baseUrl:
      stored !== undefined &&
      hasUrlSecrets(stored.baseUrl) &&
      imported.provider.baseUrl === withoutUrlSecrets(stored.baseUrl)
        ? stored.baseUrl
        : imported.provider.baseUrl,
    headers: Option.match(imported.secretHeaders, {
      onSome: () => imported.provider.headers,
      // The document's own value wins over the stored one: it was typed into the file on purpose.
      onNone: () => ({
        ...imported.provider.headers,
        ...omit(secretHeaders(stored?.headers ?? {}), imported.provider.headers)
      })
    })
  })

/** `record` without the names `other` has. */
const omit = (record: Readonly<Record<string, string>>, other: Readonly<Record<string, string>>) =>
  Object.fromEntries(Object.entries(record).filter(([name]) => !Object.hasOwn(other, name)))
