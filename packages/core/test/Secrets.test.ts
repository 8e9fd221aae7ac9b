import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Exit, Layer, Redacted } from "effect"
import { randomBytes } from "node:crypto"
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import * as DataDir from "../src/DataDir"
import { StorageError } from "../src/domain/Errors"
import { keyFileName, layerConfig, layerKey, make, masterKeyFromSecret, Secrets } from "../src/Secrets"
import { tempDir } from "./support/tempDir"

const plain = Redacted.make("sk-proj-abcdefghijklmnopqrstuvwxyz0123456789")

/** Secrets from the environment given (empty: no SWITCHBOARD_MASTER_KEY) over the data directory `dir`. */
const configured = (dir: string, env: Record<string, string> = {}) =>
  layerConfig.pipe(
    Layer.provide(DataDir.layer(dir)),
    Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env)))))
  )

const sealWith = (layer: Layer.Layer<Secrets, unknown>) =>
  Effect.flatMap(Secrets, (secrets) => secrets.seal(plain)).pipe(Effect.provide(layer))
const unsealWith = (layer: Layer.Layer<Secrets, unknown>, sealed: string) =>
  Effect.flatMap(Secrets, (secrets) => secrets.unseal(sealed)).pipe(Effect.provide(layer))

describe("Secrets", () => {
  const secrets = make(randomBytes(32))

  it.effect("round-trips a key, and the sealed text holds neither the key nor a fragment of it", () =>
    Effect.gen(function* () {
      const sealed = yield* secrets.seal(plain)
      expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+$/)
      expect(sealed).not.toContain("abcdefgh")
      expect(Redacted.value(yield* secrets.unseal(sealed))).toBe(Redacted.value(plain))
    })
  )

  it.effect("round-trips the empty string and non-ASCII text", () =>
    Effect.gen(function* () {
      for (const text of ["", "clé-🔑-ключ"]) {
        const unsealed = yield* secrets.unseal(yield* secrets.seal(Redacted.make(text)))
        expect(Redacted.value(unsealed)).toBe(text)
      }
    })
  )

  it.effect("seals the same key to a different text every time", () =>
    Effect.gen(function* () {
      const sealed = yield* Effect.all(Array.from({ length: 20 }, () => secrets.seal(plain)))
      expect(new Set(sealed).size).toBe(20)
    })
  )

  it.effect("refuses every single-character change to a sealed key", () =>
    Effect.gen(function* () {
      const sealed = yield* secrets.seal(plain)
      const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
      for (let i = "v1.".length; i < sealed.length; i++) {
        const other = alphabet[(alphabet.indexOf(sealed[i]!) + 1) % alphabet.length]!
        const tampered = sealed.slice(0, i) + other + sealed.slice(i + 1)
        // The last character may carry only padding bits of base64url; changing those leaves the bytes intact.
        const sameBytes = Buffer.from(tampered.slice(3), "base64url").equals(Buffer.from(sealed.slice(3), "base64url"))
        const exit = yield* Effect.exit(secrets.unseal(tampered))
        if (!sameBytes) expect(Exit.isFailure(exit)).toBe(true)
      }
    })
  )

  it.effect("says the master key does not match when unsealing with another key", () =>
    Effect.gen(function* () {
      const sealed = yield* secrets.seal(plain)
      const error = yield* Effect.flip(make(randomBytes(32)).unseal(sealed))
      expect(error).toBeInstanceOf(StorageError)
      expect(error.message).toContain("master key does not match")
    })
  )

  it.effect("refuses truncated and unknown-format values", () =>
    Effect.gen(function* () {
      const sealed = yield* secrets.seal(plain)
      for (const bad of ["", "sk-plain", sealed.slice(0, 20), `v2.${sealed.slice(3)}`]) {
        expect(yield* Effect.flip(secrets.unseal(bad))).toBeInstanceOf(StorageError)
      }
    })
  )

  it("rejects a master key of the wrong length", () => {
    expect(() => make(randomBytes(16))).toThrow(RangeError)
  })
})

describe("masterKeyFromSecret", () => {
  const raw = randomBytes(32)

  it.effect("takes 32 bytes as hex, base64 or base64url as they are", () =>
    Effect.gen(function* () {
      for (const text of [raw.toString("hex"), raw.toString("base64"), raw.toString("base64url")]) {
        expect(yield* masterKeyFromSecret(Redacted.make(text))).toStrictEqual(raw)
      }
    })
  )

  it.effect("stretches any other string, the same way every time", () =>
    Effect.gen(function* () {
      const first = yield* masterKeyFromSecret(Redacted.make("correct horse battery staple"))
      const again = yield* masterKeyFromSecret(Redacted.make("correct horse battery staple"))
      const other = yield* masterKeyFromSecret(Redacted.make("correct horse battery stapler"))
      expect(first).toHaveLength(32)
      expect(again).toStrictEqual(first)
      expect(other).not.toStrictEqual(first)
      expect(first.toString("utf8")).not.toContain("horse")
    })
  )

  it.effect("refuses an empty value", () =>
    Effect.gen(function* () {
      expect(yield* Effect.flip(masterKeyFromSecret(Redacted.make("  ")))).toBeInstanceOf(StorageError)
    })
  )
})

describe("Secrets.layerConfig", () => {
  it.scoped("creates master.key with mode 0600 on first run and reuses it on the next", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir
      const sealed = yield* sealWith(configured(dir))
      const keyFile = join(dir, keyFileName)
      expect(statSync(keyFile).mode & 0o777).toBe(0o600)
      const contents = readFileSync(keyFile, "utf8")

      const unsealed = yield* unsealWith(configured(dir), sealed)
      expect(Redacted.value(unsealed)).toBe(Redacted.value(plain))
      expect(readFileSync(keyFile, "utf8")).toBe(contents)
    })
  )

  it.scoped("agrees on one key file when several start at once", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir
      const sealed = yield* Effect.all(
        Array.from({ length: 8 }, () => sealWith(configured(dir))),
        { concurrency: "unbounded" }
      )
      for (const each of sealed) {
        expect(Redacted.value(yield* unsealWith(configured(dir), each))).toBe(Redacted.value(plain))
      }
    })
  )

  it.scoped("prefers SWITCHBOARD_MASTER_KEY and then writes no key file", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir
      const raw = randomBytes(32)
      const sealed = yield* sealWith(configured(dir, { SWITCHBOARD_MASTER_KEY: raw.toString("hex") }))
      expect(() => statSync(join(dir, keyFileName))).toThrow()
      expect(Redacted.value(yield* unsealWith(layerKey(raw), sealed))).toBe(Redacted.value(plain))
    })
  )

  it.scoped("refuses a malformed key file and leaves it as it was", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir
      const keyFile = join(dir, keyFileName)
      writeFileSync(keyFile, "not a key\n", { mode: 0o600 })
      const error = yield* Effect.flip(sealWith(configured(dir)))
      expect(error).toBeInstanceOf(StorageError)
      expect((error as StorageError).message).toContain(keyFile)
      expect(readFileSync(keyFile, "utf8")).toBe("not a key\n")
    })
  )

  it.scoped("refuses a key file it cannot read, and does not replace it", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir
      // A directory in its place cannot be read even by root (file modes would not stop root).
      mkdirSync(join(dir, keyFileName))
      const error = yield* Effect.flip(sealWith(configured(dir)))
      expect(error).toBeInstanceOf(StorageError)
      expect(statSync(join(dir, keyFileName)).isDirectory()).toBe(true)
    })
  )

  it.scoped("a key sealed under one master key does not unseal under the key file of another data dir", () =>
    Effect.gen(function* () {
      const sealed = yield* sealWith(configured(yield* tempDir))
      const error = yield* Effect.flip(unsealWith(configured(yield* tempDir), sealed))
      expect(error).toBeInstanceOf(StorageError)
    })
  )
})
