import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import { randomBytes } from "node:crypto"
import { join } from "node:path"
import * as KeyCheck from "../src/KeyCheck"
import { ProviderStore } from "../src/ProviderStore"
import * as Secrets from "../src/Secrets"
import * as Database from "../src/sqlite/Database"
import * as KeyCheckSqlite from "../src/sqlite/KeyCheckSqlite"
import * as ProviderStoreSqlite from "../src/sqlite/ProviderStoreSqlite"
import * as UnreadableKeys from "../src/UnreadableKeys"
import { makeApiKey, makeProvider } from "./support/makeProvider"
import { tempDir } from "./support/tempDir"

const storeOn = (filename: string, masterKey: Uint8Array) =>
  ProviderStoreSqlite.layer.pipe(
    Layer.provideMerge(Layer.merge(Database.layerFile(filename), Secrets.layerKey(masterKey)))
  )

describe("UnreadableKeys", () => {
  it.scoped("drops what the master key cannot read, keeps the rest, and lets the next start through", () =>
    Effect.gen(function* () {
      const filename = join(yield* tempDir, Database.fileName)
      const lost = randomBytes(32)
      const current = randomBytes(32)
      const old = makeProvider("Old", {
        apiKeys: [makeApiKey("sk-old-123456789012", "k1")],
        headers: { "X-Team": "blue", Authorization: "Bearer old-secret" }
      })
      yield* Effect.scoped(
        Effect.gen(function* () {
          yield* (yield* ProviderStore).insert(old)
          yield* KeyCheck.verify(yield* KeyCheckSqlite.make)
        }).pipe(Effect.provide(storeOn(filename, lost)))
      )

      const [refused, found, forgotten, after] = yield* Effect.scoped(
        Effect.gen(function* () {
          const check = yield* KeyCheckSqlite.make
          const refused = yield* Effect.flip(KeyCheck.verify(check))
          yield* (yield* ProviderStore).insert(makeProvider("New", { apiKeys: [makeApiKey("sk-new-123456789012")] }))
          const found = yield* UnreadableKeys.find
          const forgotten = yield* UnreadableKeys.forget(check)
          yield* KeyCheck.verify(check)
          return [refused, found, forgotten, yield* (yield* ProviderStore).list] as const
        }).pipe(Effect.provide(storeOn(filename, current)))
      )
      expect(refused.reason).toBe("MasterKey")
      const expected = [{ providerId: "old", name: "Old", keyIds: ["k1"], headers: ["Authorization"] }]
      expect(found).toEqual(expected)
      expect(forgotten).toEqual(expected)
      expect(after.map((p) => [p.id, p.apiKeys.map((k) => Redacted.value(k.value)), p.headers])).toEqual([
        ["old", [], { "X-Team": "blue" }],
        ["new", ["sk-new-123456789012"], {}]
      ])
    })
  )
})
