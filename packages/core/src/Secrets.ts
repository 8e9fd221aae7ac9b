/**
 * Sealing of API keys at rest. The store only ever writes sealed keys; the plain key is unsealed into a `Redacted`
 * and leaves the process only inside an outgoing request.
 *
 * A sealed key is `v1.<base64url(iv ‖ tag ‖ ciphertext)>`: AES-256-GCM with a fresh random 12-byte IV per seal, so
 * sealing the same key twice gives two different strings, and any change to a sealed string (or a different master
 * key) fails authentication instead of yielding garbage. The version prefix lets a later format coexist with this one.
 *
 * The 32-byte master key comes from `SWITCHBOARD_MASTER_KEY` when set, else from `master.key` in the data directory,
 * created on first run (see `layerConfig`).
 */
import { FileSystem } from "@effect/platform"
import { NodeFileSystem } from "@effect/platform-node"
import { Config, type ConfigError, Context, Effect, Layer, Option, Redacted } from "effect"
import { createCipheriv, createDecipheriv, randomBytes, scrypt } from "node:crypto"
import { join } from "node:path"
import { DataDir } from "./DataDir"
import { StorageError } from "./domain/Errors"

export interface SecretsService {
  readonly seal: (plain: Redacted.Redacted<string>) => Effect.Effect<string, StorageError>
  readonly unseal: (sealed: string) => Effect.Effect<Redacted.Redacted<string>, StorageError>
}

export class Secrets extends Context.Tag("@switchboard/core/Secrets")<Secrets, SecretsService>() {}

/** AES-256 takes a 32-byte key. */
export const keyLength = 32
const ivLength = 12
const tagLength = 16
const prefix = "v1."
// Binds every sealed value to this format, so a ciphertext made by another tool with the same key never unseals here.
const associatedData = Buffer.from("switchboard/api-key/v1")

const wrongKey = new StorageError({
  operation: "unseal an API key",
  detail:
    "the master key does not match the one the key was sealed with, or the stored value is damaged. " +
    "Set SWITCHBOARD_MASTER_KEY or restore master.key in the data directory to the key used before"
})

/** The service over one master key (which must be `keyLength` bytes). */
export const make = (masterKey: Uint8Array): SecretsService => {
  if (masterKey.length !== keyLength) throw new RangeError(`the master key must be ${keyLength} bytes`)
  const key = Buffer.from(masterKey)

  const seal = Effect.fn("Secrets.seal")(function* (plain: Redacted.Redacted<string>) {
    const iv = yield* Effect.sync(() => randomBytes(ivLength))
    const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: tagLength })
    cipher.setAAD(associatedData)
    const ciphertext = Buffer.concat([cipher.update(Redacted.value(plain), "utf8"), cipher.final()])
    return prefix + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64url")
  })

  const unseal = Effect.fn("Secrets.unseal")(function* (sealed: string) {
    if (!sealed.startsWith(prefix)) {
      return yield* new StorageError({
        operation: "unseal an API key",
        detail: "the stored value is not in a sealed format this version of Switchboard knows"
      })
    }
    const bytes = Buffer.from(sealed.slice(prefix.length), "base64url")
    if (bytes.length < ivLength + tagLength) return yield* wrongKey
    return yield* Effect.try({
      try: () => {
        const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, ivLength), {
          authTagLength: tagLength
        })
        decipher.setAAD(associatedData)
        decipher.setAuthTag(bytes.subarray(ivLength, ivLength + tagLength))
        const plain = Buffer.concat([decipher.update(bytes.subarray(ivLength + tagLength)), decipher.final()])
        return Redacted.make(plain.toString("utf8"))
      },
      catch: () => wrongKey
    })
  })

  return Secrets.of({ seal, unseal })
}

/** 32 bytes written as 64 hex digits or as base64 / base64url (43 characters, or 44 with padding). */
const parseRawKey = (text: string): Option.Option<Buffer> => {
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Option.some(Buffer.from(text, "hex"))
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(text)) {
    const bytes = Buffer.from(text.replaceAll("-", "+").replaceAll("_", "/"), "base64")
    if (bytes.length === keyLength) return Option.some(bytes)
  }
  return Option.none()
}

// The salt is fixed (and versioned) on purpose: the same passphrase must give the same key on every start and on
// every machine that shares the database; scrypt's cost is what protects a weak passphrase.
const passphraseSalt = "switchboard/master-key/scrypt/v1"

/**
 * The master key a `SWITCHBOARD_MASTER_KEY` value stands for: 32 bytes given as 64 hex digits or base64(url) are used
 * as they are; any other string is a passphrase stretched with scrypt (N = 2^15, r = 8, p = 1, fixed salt).
 */
export const masterKeyFromSecret = Effect.fn("Secrets.masterKeyFromSecret")(function* (
  secret: Redacted.Redacted<string>
) {
  const text = Redacted.value(secret).trim()
  if (text === "") {
    return yield* new StorageError({
      operation: "read SWITCHBOARD_MASTER_KEY",
      detail: "the variable is set but empty; unset it to use master.key, or give it a key or passphrase"
    })
  }
  const raw = parseRawKey(text)
  if (Option.isSome(raw)) return raw.value
  return yield* Effect.async<Buffer, StorageError>((resume) => {
    scrypt(text, passphraseSalt, keyLength, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }, (error, key) =>
      resume(
        error
          ? Effect.fail(new StorageError({ operation: "derive the master key", detail: error.message }))
          : Effect.succeed(key)
      )
    )
  })
})

/** Name of the key file inside the data directory. */
export const keyFileName = "master.key"

/**
 * Reads `path`, or creates it with a fresh random key if it does not exist. Creation is atomic and never overwrites:
 * the key is written and synced to a temporary file with mode 0600, then hard-linked to `path` (a link fails if
 * `path` exists, unlike a rename, so two processes starting at once agree on the first key). An existing file that
 * cannot be read or parsed is an error, never replaced: keys sealed with it would be lost.
 */
export const loadOrCreateKeyFile = Effect.fn("Secrets.loadOrCreateKeyFile")(function* (path: string) {
  const fs = yield* FileSystem.FileSystem
  const failure = (operation: string) => (error: { readonly message: string }) =>
    new StorageError({ operation, detail: error.message })

  const read = Effect.gen(function* () {
    const text = yield* fs.readFileString(path).pipe(Effect.mapError(failure(`read the master key file ${path}`)))
    const key = parseRawKey(text.trim())
    if (Option.isNone(key)) {
      return yield* new StorageError({
        operation: `read the master key file ${path}`,
        detail:
          "the file does not hold a 32-byte key in base64 or hex. Restore it from a backup (Switchboard will not " +
          "replace it, since API keys sealed with it would become unreadable)"
      })
    }
    const info = yield* fs.stat(path).pipe(Effect.mapError(failure(`inspect the master key file ${path}`)))
    if ((info.mode & 0o077) !== 0) {
      yield* Effect.logWarning(`${path} is readable by other users; run: chmod 600 ${path}`)
    }
    return key.value
  })

  const create = Effect.gen(function* () {
    const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`
    const written = Effect.scoped(
      Effect.gen(function* () {
        const file = yield* fs.open(temporary, { flag: "wx", mode: 0o600 })
        yield* file.writeAll(Buffer.from(`${randomBytes(keyLength).toString("base64")}\n`))
        yield* file.sync
      })
    )
    const linked = fs.link(temporary, path).pipe(
      Effect.as(true),
      // Another process created it first: use theirs.
      Effect.catchIf(
        (error) => error._tag === "SystemError" && error.reason === "AlreadyExists",
        () => Effect.succeed(false)
      )
    )
    yield* Effect.zipRight(written, linked).pipe(
      Effect.mapError(failure(`create the master key file ${path}`)),
      Effect.ensuring(fs.remove(temporary).pipe(Effect.ignore))
    )
    return yield* read
  })

  const exists = yield* fs.exists(path).pipe(Effect.mapError(failure(`look for the master key file ${path}`)))
  return yield* exists ? read : create
})

/** Secrets over a given master key (tests, or a frontend that got the key another way). */
export const layerKey = (masterKey: Uint8Array): Layer.Layer<Secrets> => Layer.sync(Secrets, () => make(masterKey))

/** Secrets over a fresh random key, different on every build: for tests that never reopen what they sealed. */
export const layerTest: Layer.Layer<Secrets> = Layer.suspend(() => layerKey(randomBytes(keyLength)))

/** The master key from `SWITCHBOARD_MASTER_KEY` (read as `Redacted`), else from `master.key` in the data directory. */
export const layerConfig: Layer.Layer<Secrets, ConfigError.ConfigError | StorageError, DataDir> = Layer.effect(
  Secrets,
  Effect.gen(function* () {
    const fromEnv = yield* Config.option(Config.redacted("SWITCHBOARD_MASTER_KEY"))
    const masterKey = Option.isSome(fromEnv)
      ? yield* masterKeyFromSecret(fromEnv.value)
      : yield* loadOrCreateKeyFile(join((yield* DataDir).path, keyFileName))
    return make(masterKey)
  })
).pipe(Layer.provide(NodeFileSystem.layer))
