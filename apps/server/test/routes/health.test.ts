import { afterEach, beforeEach, expect, it } from "vitest"
import { makeTestApp, type TestApp } from "../support/TestApp"

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
