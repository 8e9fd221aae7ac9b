import { FetchHttpClient } from "@effect/platform"
import { NodeFileSystem } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer, Option } from "effect"
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { createServer, type RequestListener } from "node:http"
import type { AddressInfo } from "node:net"
import { join } from "node:path"
import { load, userCatalogPath } from "../../src/catalog/Catalog"
import { updateCatalog } from "../../src/catalog/CatalogUpdate"
import { tempDir } from "../support/tempDir"

const live = Layer.merge(NodeFileSystem.layer, FetchHttpClient.layer)

/** models.dev's api.json shape, cut down: one provider Switchboard keeps and one it does not. */
const apiJson = {
  openai: {
    id: "openai",
    name: "OpenAI",
    models: {
      "gpt-4o": {
        id: "gpt-4o",
        name: "GPT-4o",
        attachment: true,
        reasoning: false,
        tool_call: true,
        release_date: "2024-05-13",
        cost: { input: 2.5, output: 10, cache_read: 1.25 },
        limit: { context: 128000, output: 16384 },
        modalities: { input: ["text", "image"], output: ["text"] }
      }
    }
  },
  "some-router": { id: "some-router", name: "Router", models: { x: { id: "x" } } }
}

/** An HTTP server on 127.0.0.1 for one test, closed when the test's scope closes. */
const serve = (handler: RequestListener) =>
  Effect.acquireRelease(
    Effect.async<{ url: string; close: () => void }>((resume) => {
      const server = createServer(handler)
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo
        resume(
          Effect.succeed({
            url: `http://127.0.0.1:${port}`,
            close: () => {
              server.closeAllConnections()
              server.close()
            }
          })
        )
      })
    }),
    (server) => Effect.sync(server.close)
  )

const limits = { maxBytes: 100_000, timeout: "500 millis" } as const

describe("updateCatalog", () => {
  it.scoped("converts models.dev's api.json from a file and writes it as the user's catalog", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir
      const source = join(dir, "api.json")
      writeFileSync(source, JSON.stringify(apiJson))
      const result = yield* updateCatalog(source, dir, limits)
      expect(result.path).toBe(userCatalogPath(dir))
      expect(result.models).toBe(1)
      expect(result.file.snapshot.from).toBe(source)
      const catalog = yield* load(dir)
      expect(catalog.origin).toBe(userCatalogPath(dir))
      const match = Option.getOrThrow(catalog.lookup({ type: "openai", modelId: "gpt-4o" }))
      expect(match.entry).toMatchObject({ contextLength: 128000, pricing: { input: 2.5, cachedInput: 1.25 } })
      // Only the catalog itself is left: the temporary file was renamed.
      expect(readdirSync(dir).sort()).toEqual(["api.json", "catalog.json"])
    }).pipe(Effect.provide(live))
  )

  it.scopedLive("fetches a URL, and accepts a catalog file Switchboard wrote", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir
      const server = yield* serve((_request, response) => {
        response.setHeader("content-type", "application/json")
        response.end(JSON.stringify(apiJson))
      })
      yield* updateCatalog(`${server.url}/api.json`, dir, limits)
      const written = readFileSync(userCatalogPath(dir), "utf8")
      // A copy of a Switchboard catalog file is taken as is.
      const copy = join(dir, "copy.json")
      writeFileSync(copy, written)
      const again = yield* updateCatalog(copy, dir, limits)
      expect(again.file.snapshot.from).toBe(`${server.url}/api.json`)
    }).pipe(Effect.provide(live))
  )

  it.scopedLive.each([
    {
      name: "an HTTP error",
      handler: ((_request, response) => {
        response.statusCode = 500
        response.end("oops")
      }) as RequestListener,
      reason: "Unreadable",
      says: "HTTP 500"
    },
    {
      name: "a body over the size bound",
      handler: ((_request, response) => {
        response.write("x".repeat(60_000))
        response.end("x".repeat(60_000))
      }) as RequestListener,
      reason: "TooLarge",
      says: "more than 100000 bytes"
    },
    {
      name: "a server that never answers",
      handler: (() => {}) as RequestListener,
      reason: "Timeout",
      says: "no complete answer within 500ms"
    },
    {
      name: "JSON that is not models.dev's",
      handler: ((_request, response) =>
        response.end(JSON.stringify({ openai: { models: { "gpt-4o": { limit: 5 } } } }))) as RequestListener,
      reason: "Malformed",
      says: 'providers["openai"]'
    },
    {
      name: "JSON with none of the providers Switchboard keeps",
      handler: ((_request, response) => response.end(JSON.stringify({ elsewhere: { models: {} } }))) as RequestListener,
      reason: "Malformed",
      says: "holds no models"
    }
  ])("$name fails clearly and leaves the previous catalog", ({ handler, reason, says }) =>
    Effect.gen(function* () {
      const dir = yield* tempDir
      writeFileSync(userCatalogPath(dir), "previous")
      const server = yield* serve(handler)
      const error = yield* Effect.flip(updateCatalog(`${server.url}/api.json`, dir, limits))
      expect(error.reason).toBe(reason)
      expect(error.message).toContain(says)
      expect(readFileSync(userCatalogPath(dir), "utf8")).toBe("previous")
      expect(readdirSync(dir)).toEqual(["catalog.json"])
    }).pipe(Effect.provide(live))
  )

  it.scoped("a missing file fails as Unreadable", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir
      const error = yield* Effect.flip(updateCatalog(join(dir, "nope.json"), dir, limits))
      expect(error.reason).toBe("Unreadable")
      expect(existsSync(userCatalogPath(dir))).toBe(false)
    }).pipe(Effect.provide(live))
  )
})

describe("load", () => {
  it.scoped("uses the bundled catalog when the data dir has none, or a damaged one", () =>
    Effect.gen(function* () {
      const dir = yield* tempDir
      const plain = yield* load(dir)
      expect(plain.origin).toBe("bundled")
      expect(plain.size).toBeGreaterThan(100)
      expect(plain.snapshot.commit).toBe("f3fc692299671838c7c65fd8126bf84d81a2e817")

      writeFileSync(userCatalogPath(dir), '{"format": 1, "sources": "everything"}')
      const fallback = yield* load(dir)
      expect(fallback.origin).toBe("bundled")
    }).pipe(Effect.provide(NodeFileSystem.layer))
  )
})
