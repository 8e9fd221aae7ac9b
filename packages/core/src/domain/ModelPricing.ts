/**
 * What a model's tokens cost, and what one answer cost: prices per million tokens in one currency, as the catalog
 * states them (US dollars) or the user sets them (any ISO 4217 currency). `answerCost` is the one place usage
 * becomes money, so every frontend's footer and every stored answer agree.
 */
import { Schema } from "effect"

const currencies = new Set(Intl.supportedValuesOf("currency"))

/** An ISO 4217 code (`USD`, `EUR`, `CNY`), upper case. */
export const Currency = Schema.String.pipe(
  Schema.filter(
    (code) => (/^[A-Z]{3}$/.test(code) && currencies.has(code)) || "must be an ISO 4217 currency code, like USD or EUR"
  )
)

/** A price per million tokens: zero (free) up to a million, far above any real price, so a typo shows. */
export const Price = Schema.Number.pipe(
  Schema.filter(
    (price) => (Number.isFinite(price) && price >= 0 && price <= 1e6) || "must be a number from 0 to 1000000"
  )
).annotations({ description: "a price per million tokens, from 0 to 1000000" })

/**
 * Prices per million tokens. `cachedInput` is for input read from the provider's cache and `cacheWrite` for input
 * written to it; either falls back to `input` when absent.
 */
export const Pricing = Schema.Struct({
  currency: Currency,
  input: Schema.optionalWith(Price, { exact: true }),
  output: Schema.optionalWith(Price, { exact: true }),
  cachedInput: Schema.optionalWith(Price, { exact: true }),
  cacheWrite: Schema.optionalWith(Price, { exact: true })
}).annotations({ identifier: "Pricing" })
export type Pricing = typeof Pricing.Type

/** An amount of money, unrounded: frontends round it for display. */
export const Cost = Schema.Struct({ amount: Schema.Number, currency: Schema.String }).annotations({
  identifier: "Cost"
})
export type Cost = typeof Cost.Type

/** The token counts a cost is made of (`Usage` and the stored answer's usage both fit). */
export interface TokenCounts {
  /** All of the input, cached or not. */
  readonly inputTokens: number
  readonly outputTokens: number
  readonly cachedInputTokens?: number | undefined
  readonly cacheWriteTokens?: number | undefined
}

/**
 * What `usage` cost at `pricing`; none when a price the usage needs is unknown (a partial sum would read as the whole
 * cost). Cached and cache-write tokens are part of `inputTokens` and priced apart when their price is known.
 */
export const answerCost = (usage: TokenCounts, pricing: Pricing | undefined): Cost | undefined => {
  if (pricing === undefined) return undefined
  const cached = usage.cachedInputTokens ?? 0
  const written = usage.cacheWriteTokens ?? 0
  const parts: ReadonlyArray<readonly [number, number | undefined]> = [
    [Math.max(0, usage.inputTokens - cached - written), pricing.input],
    [cached, pricing.cachedInput ?? pricing.input],
    [written, pricing.cacheWrite ?? pricing.input],
    [usage.outputTokens, pricing.output]
  ]
  let perMillion = 0
  for (const [tokens, price] of parts) {
    if (tokens === 0) continue
    if (price === undefined) return undefined
    perMillion += tokens * price
  }
  return { amount: perMillion / 1e6, currency: pricing.currency }
}
