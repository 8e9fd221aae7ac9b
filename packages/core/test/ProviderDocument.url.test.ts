/**
 * ProviderDocument and a base URL that carries credentials (`?key=…`): sealed at rest like keys, read back whole, and
 * documents written before (the URL in plain text) still readable.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { randomBytes } from "node:crypto"
import * as ProviderDocument from "../src/ProviderDocument"
import * as Secrets from "../src/Secrets"
import { makeProvider } from "./support/makeProvider"

const masterKey = randomBytes(32)
const codec = ProviderDocument.make.pipe(Effect.provide(Layer.succeed(Secrets.Secrets, Secrets.make(masterKey))))

const urlSecret = `gwkey-${randomBytes(12).toString("hex")}`
const baseUrl = `https://gw.example/v1?api-version=2024-10-21&key=${urlSecret}`
const provider = makeProvider("URL Key", { baseUrl })

describe("ProviderDocument: credentials in the base URL", () => {
  it.effect("seals them: the text holds the URL without them, and decodes back to the whole URL", () =>
    Effect.gen(function* () {
      const document = yield* Effect.flatMap(codec, (c) => c.encode(provider, 1))
      expect(document).not.toContain(urlSecret)
      expect(JSON.parse(document).baseUrl).toBe("https://gw.example/v1?api-version=2024-10-21&key=")
      const read = yield* Effect.flatMap(codec, (c) => c.decode({ id: provider.id, revision: 1, document }))
      expect(read.baseUrl).toBe(baseUrl)
    })
  )

  it.effect("reads a document written before, with the URL in plain text, as it is", () =>
    Effect.gen(function* () {
      const sealed = yield* Effect.flatMap(codec, (c) => c.encode(provider, 1))
      const { sealedBaseUrl: _, ...old } = { ...JSON.parse(sealed), baseUrl }
      const read = yield* Effect.flatMap(codec, (c) =>
        c.decode({ id: provider.id, revision: 1, document: JSON.stringify(old) })
      )
      expect(read.baseUrl).toBe(baseUrl)
    })
  )

  it.effect("reads the URL without its credentials when another master key sealed them, never failing the read", () =>
    Effect.gen(function* () {
      const document = yield* Effect.flatMap(codec, (c) => c.encode(provider, 1))
      const other = ProviderDocument.make.pipe(
        Effect.provide(Layer.succeed(Secrets.Secrets, Secrets.make(randomBytes(32))))
      )
      const read = yield* Effect.flatMap(other, (c) => c.decode({ id: provider.id, revision: 1, document }))
      expect(read.baseUrl).toBe("https://gw.example/v1?api-version=2024-10-21&key=")
    })
  )

  it.effect("lists the sealed URL among the sealed values the master key check tries", () =>
    Effect.gen(function* () {
      const document = yield* Effect.flatMap(codec, (c) => c.encode(provider, 1))
      expect(ProviderDocument.sealedValues(document)).toEqual([JSON.parse(document).sealedBaseUrl])
    })
  )

  it.effect("leaves a URL without credentials as it is, with nothing sealed", () =>
    Effect.gen(function* () {
      const plainUrl = makeProvider("Plain", { baseUrl: "http://localhost:8000/v1?api-version=1" })
      const document = yield* Effect.flatMap(codec, (c) => c.encode(plainUrl, 1))
      expect(JSON.parse(document).baseUrl).toBe("http://localhost:8000/v1?api-version=1")
      expect(document).not.toContain("sealedBaseUrl")
    })
  )
})
