/**
 * The typed client the dashboard uses (`hc<AppType>`) against the app in-process: routes, bodies and answers are
 * typed from the app itself, so this file failing to typecheck is as much a failure as an assertion.
 */
import { hc } from "hono/client"
import { afterEach, beforeEach, expect, it } from "vitest"
import type { AppType } from "../src/App"
import { makeTestApp, type TestApp, testToken } from "./support/TestApp"

let t: TestApp
beforeEach(() => {
  t = makeTestApp()
})
afterEach(() => t.dispose())

const client = () =>
  hc<AppType>("http://switchboard.test", {
    fetch: (input: string | URL | Request, init?: RequestInit) =>
      t.app.request(input instanceof URL ? input.href : input, init),
    headers: { authorization: `Bearer ${testToken}` }
  })

it("adds, reads and edits a provider through the typed client", async () => {
  const api = client().api
  const added = await api.providers.$post({
    json: { name: "Typed", type: "openai", baseUrl: "http://localhost:8000/" }
  })
  expect(added.status).toBe(201)
  if (added.status !== 201) return
  const provider = await added.json()
  expect(provider.id).toBe("typed")

  const models = await api.providers[":id"].models.$post({ param: { id: provider.id }, json: ["gpt2", "qwen2.5:7b"] })
  expect(models.status).toBe(201)

  const edited = await api.providers[":id"].models[":modelId{.+}"].$patch({
    param: { id: provider.id, modelId: "qwen2.5:7b" },
    json: { name: "Qwen" }
  })
  expect(edited.ok).toBe(true)
  if (!edited.ok) return
  expect((await edited.json()).models.map((m) => m.name)).toEqual(["gpt2", "Qwen"])

  const missing = await api.providers[":id"].$get({ param: { id: "ghost" } })
  expect(missing.status).toBe(404)
  if (missing.ok) return
  const problem = await missing.json()
  expect("code" in problem.error && problem.error.code).toBe("not_found")
})
