import { presets } from "@switchboard/core/Presets"
import { afterEach, beforeEach, expect, it } from "vitest"
import { makeTestApp, type TestApp } from "../support/TestApp"

let t: TestApp
beforeEach(() => {
  t = makeTestApp()
})
afterEach(() => t.dispose())

it("lists the presets with the type and base URL each fills in", async () => {
  const res = await t.json("GET", "/api/presets")
  expect(res.status).toBe(200)
  expect(res.body).toHaveLength(presets.length)
  expect(res.body).toContainEqual(
    expect.objectContaining({ id: "vllm", type: "openai", baseUrl: "http://localhost:8000/", keyless: true })
  )
})
