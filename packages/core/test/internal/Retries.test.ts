/**
 * `KeyOutcomes`: a request that tried one key reports that key's failure as it was; one that tried several reports
 * each key's own outcome, as the most hopeful reason (a throttled key answers again).
 */
import { describe, expect, it } from "@effect/vitest"
import { Option } from "effect"
import { maskKey } from "../../src/domain/ApiKey"
import { ProviderError } from "../../src/domain/Errors"
import { KeyOutcomes } from "../../src/internal/Retries"
import { makeApiKey } from "../support/makeProvider"

const url = "http://upstream/v1/chat/completions"
const a = makeApiKey("sk-first-aaaaaaaaaaaa", "a")
const b = makeApiKey("sk-second-bbbbbbbbbbb", "b")
const throttled = new ProviderError({ reason: "RateLimit", url, status: 429, detail: "slow down", retryAfterMs: 2000 })
const refused = new ProviderError({ reason: "Authentication", url, status: 401, detail: "invalid key" })

describe("KeyOutcomes", () => {
  it("one key tried (or none, keyless): the last failure as it was", () => {
    const outcomes = new KeyOutcomes()
    outcomes.note(Option.some(a), refused)
    outcomes.note(Option.none(), throttled)
    expect(outcomes.failure(refused)).toBe(refused)
  })

  it("a 429 then a 401: RateLimit with its Retry-After, naming each key's outcome in the order tried", () => {
    const outcomes = new KeyOutcomes()
    outcomes.note(Option.some(a), throttled)
    outcomes.note(Option.some(b), refused)
    const failure = outcomes.failure(refused)
    expect(failure).toMatchObject({ reason: "RateLimit", status: 429, retryAfterMs: 2000, url })
    expect(failure.detail).toBe(
      `2 keys tried, none answered. ${maskKey("sk-first-aaaaaaaaaaaa")}: RateLimit (HTTP 429): slow down; ${maskKey("sk-second-bbbbbbbbbbb")}: Authentication (HTTP 401): invalid key`
    )
  })

  it("every key refused: the last failure's reason, each key named once with its latest outcome", () => {
    const outcomes = new KeyOutcomes()
    outcomes.note(Option.some(a), throttled)
    outcomes.note(Option.some(b), refused)
    outcomes.note(Option.some(a), refused)
    const failure = outcomes.failure(refused)
    expect(failure).toMatchObject({ reason: "Authentication", status: 401 })
    expect(failure.detail.match(/Authentication/g)?.length).toBe(2)
  })
})
