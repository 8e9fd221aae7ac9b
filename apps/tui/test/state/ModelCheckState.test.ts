import { ApiKey, ApiKeyId } from "@switchboard/core/domain/ApiKey"
import { makeModel } from "@switchboard/core/domain/Model"
import { Provider, ProviderId } from "@switchboard/core/domain/Provider"
import { Timeouts } from "@switchboard/core/domain/Timeouts"
import { DateTime, Redacted } from "effect"
import { describe, expect, it } from "vitest"
import { textValue } from "../../src/keys/TextEdit"
import { checkInput, fieldOfPath, modelCheckReducer, openCheck } from "../../src/state/ModelCheckState"

const key = (id: string, plain: string) => new ApiKey({ id: ApiKeyId.make(id), value: Redacted.make(plain) })

const provider = new Provider({
  id: ProviderId.make("local"),
  name: "Local",
  type: "openai",
  enabled: true,
  baseUrl: "http://127.0.0.1:9",
  apiKeys: [key("k1", "sk-good-0000001111"), key("k2", "sk-good-0000002222")],
  headers: {},
  timeouts: new Timeouts({ ...Timeouts.defaults, verifyMs: 12_000 }),
  models: [makeModel("gpt-4o")],
  revision: 1,
  createdAt: DateTime.unsafeNow(),
  updatedAt: DateTime.unsafeNow()
})

describe("ModelCheckState", () => {
  it("opens with every key, the core's default concurrency and the provider's verify timeout", () => {
    const state = openCheck(provider)
    expect(state).toMatchObject({ phase: "setup", key: -1, keyCount: 2 })
    expect(state.timeoutMs.text).toBe("12000")
    expect(checkInput(state, provider)).toEqual({ concurrency: 4, timeoutMs: 12_000 })
  })

  it("cycles every key, then each key, round the end both ways", () => {
    const open = openCheck(provider)
    const next = (state: typeof open) => modelCheckReducer(state, { _tag: "CycleKey", by: 1 })
    expect([next(open), next(next(open)), next(next(next(open)))].map((s) => s.key)).toEqual([0, 1, -1])
    expect(modelCheckReducer(open, { _tag: "CycleKey", by: -1 }).key).toBe(1)
    expect(checkInput(next(next(open)), provider)).toMatchObject({ keyId: "k2" })
  })

  it("leaves an emptied field to the core's default, and sends what is typed for the core to judge", () => {
    const emptied = modelCheckReducer(openCheck(provider), { _tag: "Edit", field: "concurrency", value: textValue("") })
    const typed = modelCheckReducer(emptied, { _tag: "Edit", field: "timeoutMs", value: textValue("soon") })
    expect(checkInput(typed, provider)).toEqual({ timeoutMs: Number.NaN })
    expect([fieldOfPath("timeoutMs"), fieldOfPath("concurrency"), fieldOfPath("keyId")]).toEqual([
      "timeoutMs",
      "concurrency",
      "key"
    ])
  })

  it("goes back to the form with the problem at its field, and a new run forgets the last one's results", () => {
    const rejected = modelCheckReducer(openCheck(provider), {
      _tag: "Rejected",
      field: "concurrency",
      problem: { tag: "InvalidInput", field: "concurrency", message: "must be a whole number from 1 to 32" }
    })
    expect(rejected).toMatchObject({ phase: "setup", error: { field: "concurrency" } })
    const started = modelCheckReducer(rejected, { _tag: "Started", total: 2 })
    expect(started).toMatchObject({ phase: "running", total: 2, results: [], error: undefined })
    expect(modelCheckReducer(started, { _tag: "Stopped" }).phase).toBe("stopped")
  })
})
