import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Redacted, Schema } from "effect"
import { randomBytes } from "node:crypto"
import { unreadableMask } from "../src/domain/ApiKey"
import { StorageError } from "../src/domain/Errors"
import { Provider } from "../src/domain/Provider"
import * as ProviderDocument from "../src/ProviderDocument"
import * as Secrets from "../src/Secrets"
import { makeApiKey, makeProvider } from "./support/makeProvider"

/** A codec over `masterKey`, and how many secrets it has unsealed so far (decoding's cost). */
const codecWith = (masterKey: Uint8Array) =>
  Effect.gen(function* () {
    const secrets = Secrets.make(masterKey)
    let unsealed = 0
    const counting = Secrets.Secrets.of({
      ...secrets,
      unseal: (sealed) =>
        Effect.zipLeft(
          secrets.unseal(sealed),
          Effect.sync(() => unsealed++)
        )
    })
    const codec = yield* ProviderDocument.make.pipe(Effect.provide(Layer.succeed(Secrets.Secrets, counting)))
    return { codec, unsealed: () => unsealed }
  })

const secretKey = `sk-live-${randomBytes(16).toString("hex")}`
const secretHeader = `gw-${randomBytes(16).toString("hex")}`
const provider = makeProvider("Secret Holder", {
  apiKeys: [makeApiKey(secretKey, "main"), makeApiKey(`${secretKey}-backup`, "backup")],
  headers: { "X-Team": "team-blue-visible", "cf-aig-authorization": `Bearer ${secretHeader}`, Cookie: secretHeader }
})

/** A provider as plain data, key values included. */
const plain = (p: Provider) => Schema.encodeSync(Provider)(p)

describe("ProviderDocument", () => {
  const masterKey = randomBytes(32)

  it.effect("seals every key and credential header: the text holds none of them, the plain headers stay readable", () =>
    Effect.gen(function* () {
      const { codec } = yield* codecWith(masterKey)
      const document = yield* codec.encode(provider, 3)
      expect(document).toContain("team-blue-visible")
      for (const secret of [secretKey, secretKey.slice(8), secretHeader, secretHeader.slice(3)]) {
        expect(document).not.toContain(secret)
      }
      const stored = JSON.parse(document)
      // Credential headers keep their place, empty; their sealed values sit beside them.
      expect(stored.headers).toEqual({ "X-Team": "team-blue-visible", "cf-aig-authorization": "", Cookie: "" })
      expect(Object.keys(stored.sealedHeaders)).toEqual(["cf-aig-authorization", "Cookie"])
      expect(stored.revision).toBe(3)
    })
  )

  it.effect("decodes what it encoded, with another codec on the same master key, the stored revision winning", () =>
    Effect.gen(function* () {
      const document = yield* Effect.flatMap(codecWith(masterKey), ({ codec }) => codec.encode(provider, 3))
      const { codec } = yield* codecWith(masterKey)
      const read = yield* codec.decode({ id: provider.id, revision: 5, document })
      expect(plain(read)).toStrictEqual(plain(new Provider({ ...provider, revision: 5 })))
      expect(Object.keys(read.headers)).toEqual(Object.keys(provider.headers))
    })
  )

  it.effect("reads header values an earlier version stored in plain text (no sealedHeaders)", () =>
    Effect.gen(function* () {
      const { codec } = yield* codecWith(masterKey)
      const { sealedHeaders: _, ...legacy } = JSON.parse(yield* codec.encode(provider, 1))
      const headers = { ...provider.headers, Authorization: "Bearer legacy-plain-value" }
      const document = JSON.stringify({ ...legacy, headers })
      const read = yield* codec.decode({ id: provider.id, revision: 1, document })
      expect(read.headers).toStrictEqual(headers)
      // Written again, the same values are sealed.
      const rewritten = yield* codec.encode(read, 2)
      expect(rewritten).not.toContain("legacy-plain-value")
      expect(rewritten).not.toContain(secretHeader)
    })
  )

  it.effect("reports a damaged document as a StorageError naming the provider", () =>
    Effect.gen(function* () {
      const { codec } = yield* codecWith(masterKey)
      for (const document of ["{not json", JSON.stringify({ id: provider.id, name: 42 }), "null"]) {
        const error = yield* Effect.flip(codec.decode({ id: provider.id, revision: 1, document }))
        expect(error).toBeInstanceOf(StorageError)
        expect(error.message).toContain(`"${provider.id}"`)
        expect(error.message).toContain("damaged")
      }
    })
  )

  it.effect("reads secrets another master key sealed as unreadable, and writes them back sealed as they were", () =>
    Effect.gen(function* () {
      const document = yield* Effect.flatMap(codecWith(masterKey), ({ codec }) => codec.encode(provider, 1))
      const { codec: other } = yield* codecWith(randomBytes(32))
      const read = yield* other.decode({ id: provider.id, revision: 1, document })
      expect(read.apiKeys.map((key) => [key.id, key.unreadable, key.masked, Redacted.value(key.value)])).toEqual([
        ["main", true, unreadableMask, ""],
        ["backup", true, unreadableMask, ""]
      ])
      expect(read.headers).toEqual({ "X-Team": "team-blue-visible", "cf-aig-authorization": "", Cookie: "" })

      // An edit under the wrong key (a rename, one key removed) keeps the rest sealed as it was.
      const edited = new Provider({ ...read, name: "Renamed", apiKeys: read.apiKeys.slice(0, 1) })
      const rewritten = yield* other.encode(edited, 2)
      expect(rewritten).not.toContain('"unreadable"')
      const { codec: right } = yield* codecWith(masterKey)
      const restored = yield* right.decode({ id: provider.id, revision: 2, document: rewritten })
      expect(restored.name).toBe("Renamed")
      expect(restored.apiKeys.map((key) => [key.id, key.unreadable, Redacted.value(key.value)])).toEqual([
        ["main", undefined, secretKey]
      ])
      expect(restored.headers["cf-aig-authorization"]).toBe(`Bearer ${secretHeader}`)
      expect(restored.headers.Cookie).toBe(secretHeader)
    })
  )

  describe("decode memo", () => {
    const secrets = provider.apiKeys.length + 2

    it.effect("decodes a document text once, and again when the text or the revision changes", () =>
      Effect.gen(function* () {
        const document = yield* Effect.flatMap(codecWith(masterKey), ({ codec }) => codec.encode(provider, 1))
        const { codec, unsealed } = yield* codecWith(masterKey)
        const first = yield* codec.decode({ id: provider.id, revision: 1, document })
        expect(unsealed()).toBe(secrets)
        expect(yield* codec.decode({ id: provider.id, revision: 1, document })).toBe(first)
        expect(unsealed()).toBe(secrets)
        // The same text under another revision column, then another text: each is decoded.
        expect((yield* codec.decode({ id: provider.id, revision: 2, document })).revision).toBe(2)
        expect(unsealed()).toBe(2 * secrets)
        const renamed = document.replace('"name":"Secret Holder"', '"name":"Renamed"')
        expect((yield* codec.decode({ id: provider.id, revision: 2, document: renamed })).name).toBe("Renamed")
        expect(unsealed()).toBe(3 * secrets)
      })
    )

    it.effect("remembers what it encoded, so reading it back decodes nothing; forget drops it", () =>
      Effect.gen(function* () {
        const { codec, unsealed } = yield* codecWith(masterKey)
        const document = yield* codec.encode(provider, 4)
        const read = yield* codec.decode({ id: provider.id, revision: 4, document })
        expect(unsealed()).toBe(0)
        expect(plain(read)).toStrictEqual(plain(new Provider({ ...provider, revision: 4 })))
        codec.forget(provider.id)
        yield* codec.decode({ id: provider.id, revision: 4, document })
        expect(unsealed()).toBe(secrets)
      })
    )
  })
})
