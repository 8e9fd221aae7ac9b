/**
 * A running core follows `catalog update` run by another process: the user's copy is read again once it changes,
 * and a damaged copy leaves the bundled catalog in use.
 */
import { NodeFileSystem } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { testCatalog } from "@switchboard/testing/TestCatalog"
import { Effect, Option } from "effect"
import { writeFileSync } from "node:fs"
import { type CatalogService, following, userCatalogPath } from "../../src/catalog/Catalog"
import { tempDir } from "../support/tempDir"

const query = { type: "openai", modelId: "gpt-following-test" } as const

/** Polls `catalog` until `done` holds or two seconds pass. */
const eventually = (catalog: CatalogService, done: (catalog: CatalogService) => boolean) =>
  Effect.gen(function* () {
    for (let waited = 0; waited < 2_000 && !done(catalog); waited += 20) yield* Effect.sleep("20 millis")
  })

describe("Catalog.following", () => {
  it.live("picks up the user's copy written after the start, and keeps the bundled one for a damaged copy", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const dir = yield* tempDir
        const catalog = yield* following(dir, "50 millis")
        expect(catalog.origin).toBe("bundled")
        expect(Option.isNone(catalog.lookup(query))).toBe(true)

        writeFileSync(
          userCatalogPath(dir),
          JSON.stringify(testCatalog([{ id: "gpt-following-test", contextLength: 4242 }]))
        )
        yield* eventually(catalog, (c) => Option.isSome(c.lookup(query)))
        expect(Option.map(catalog.lookup(query), (match) => match.entry.contextLength)).toEqual(Option.some(4242))
        expect(catalog.origin).toBe(userCatalogPath(dir))

        writeFileSync(userCatalogPath(dir), "{ not a catalog")
        yield* eventually(catalog, (c) => c.origin === "bundled")
        expect(catalog.origin).toBe("bundled")
        expect(Option.isNone(catalog.lookup(query))).toBe(true)
      })
    ).pipe(Effect.provide(NodeFileSystem.layer))
  )
})
