/**
 * `switchboard keys forget-unreadable` on a shared PostgreSQL database: with a new `SWITCHBOARD_MASTER_KEY`, the keys
 * sealed with the lost one are listed, then dropped, and instances on the new key start again.
 */
import { expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer, Redacted } from "effect"
import * as Embedded from "../../src/Embedded"
import * as Database from "../../src/pg/Database"
import * as KeyCheckPg from "../../src/pg/KeyCheckPg"
import * as ProviderStorePg from "../../src/pg/ProviderStorePg"
import { ProviderStore } from "../../src/ProviderStore"
import * as Secrets from "../../src/Secrets"
import { makeApiKey, makeProvider } from "../support/makeProvider"
import { describePg, freshUrl } from "./pgDatabase"

const lostKey = "the passphrase nobody wrote down"
const newKey = "the passphrase every instance gets now"

/** An instance on `url` with `passphrase` as its master key, the start's key check included. */
const instance = (url: Redacted.Redacted, passphrase: string) =>
  Layer.merge(ProviderStorePg.layer, KeyCheckPg.layer).pipe(
    Layer.provideMerge(
      Layer.merge(
        Database.layerUrl(url),
        Layer.effect(Secrets.Secrets, Effect.map(Secrets.masterKeyFromSecret(Redacted.make(passphrase)), Secrets.make))
      )
    )
  )

/** The command's environment: the database and the new master key. */
const environment = (url: Redacted.Redacted) =>
  ConfigProvider.fromMap(
    new Map([
      ["SWITCHBOARD_DATABASE_URL", Redacted.value(url)],
      ["SWITCHBOARD_MASTER_KEY", newKey]
    ])
  )

describePg("forgetting unreadable keys on PostgreSQL", () => {
  it.live("lists, then drops, what the new master key cannot read, and instances on it start again", () =>
    Effect.gen(function* () {
      const url = yield* freshUrl
      const provider = makeProvider("Team vLLM", { apiKeys: [makeApiKey("sk-team-0123456789", "k1")] })
      yield* Effect.scoped(
        Effect.flatMap(ProviderStore, (store) => store.insert(provider)).pipe(Effect.provide(instance(url, lostKey)))
      )
      const refused = yield* Effect.flip(Effect.scoped(Layer.build(instance(url, newKey))))
      expect(refused.reason).toBe("MasterKey")

      const forget = (apply: boolean) =>
        Embedded.forgetUnreadableKeys(apply).pipe(Effect.scoped, Effect.withConfigProvider(environment(url)))
      const expected = [{ providerId: provider.id, name: "Team vLLM", keyIds: ["k1"], headers: [] }]
      expect(yield* forget(false)).toEqual(expected)
      expect(yield* forget(true)).toEqual(expected)

      const after = yield* Effect.scoped(
        Effect.flatMap(ProviderStore, (store) => store.list).pipe(Effect.provide(instance(url, newKey)))
      )
      expect(after.map((p) => [p.id, p.apiKeys.length])).toEqual([[provider.id, 0]])
    })
  )
})
