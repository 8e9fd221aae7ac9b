import { StorageError } from "@switchboard/core/domain/Errors"
import { StoreHealth } from "@switchboard/core/StoreHealth"
import { Effect, Layer, ManagedRuntime } from "effect"
import { afterEach, beforeEach, expect, it } from "vitest"
import { coreLayer, makeTestApp, type TestApp } from "../support/TestApp"

let t: TestApp
beforeEach(() => {
  t = makeTestApp()
})
afterEach(() => t.dispose())

it("answers without a token and says nothing but ok", async () => {
  const res = await t.json("GET", "/healthz", { token: null })
  expect(res.status).toBe(200)
  expect(res.body).toEqual({ status: "ok" })
})

it("is 503 with the reason in a few words while the database does not answer, and names no host", async () => {
  const down = new StorageError({
    operation: "check the database",
    detail: "the database server is unreachable (connect ECONNREFUSED 10.0.0.7:5432)",
    reason: "Unreachable"
  })
  const runtime = ManagedRuntime.make(
    Layer.merge(coreLayer(), Layer.succeed(StoreHealth, StoreHealth.of({ check: Effect.fail(down) })))
  )
  const unhealthy = makeTestApp({ runtime })
  try {
    const res = await unhealthy.call("GET", "/healthz", { token: null })
    expect(res.status).toBe(503)
    const text = await res.text()
    expect(JSON.parse(text)).toEqual({ status: "unavailable", reason: "the database is unreachable" })
    expect(text).not.toContain("10.0.0.7")
  } finally {
    await unhealthy.dispose()
    await runtime.dispose()
  }
})
