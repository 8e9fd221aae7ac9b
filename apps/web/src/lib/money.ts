/**
 * Token counts and prices as the dashboard shows them: `128k`, `$2.50 / $10.00 per M`. An answer's cost is the
 * core's `formatCost` (`CostText`), the same as the terminal's.
 */
import type { Pricing } from "@switchboard/core/domain/ModelPricing"

/** `4096` → `4k`, `128000` → `128k`, `1048576` → `1M`: close enough to recognise a model's window. */
export const formatTokens = (tokens: number): string => {
  for (const [power, unit] of [
    [2, "M"],
    [1, "k"]
  ] as const) {
    if (tokens < 1000 ** power) continue
    // Windows of 2^n tokens (4096, 131072) read as 4k and 128k, as the providers' own pages say them; a round
    // decimal count (128000) stays decimal.
    const binary = tokens % 1000 ** power !== 0 && tokens % 1024 ** power === 0
    const scaled = tokens / (binary ? 1024 ** power : 1000 ** power)
    return `${scaled >= 10 ? Math.round(scaled) : Math.round(scaled * 10) / 10}${unit}`
  }
  return String(tokens)
}

const money = (amount: number, currency: string, digits: number) =>
  new Intl.NumberFormat("en", {
    style: "currency",
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits
  }).format(amount)

/** A price per million tokens, with as many digits as it has (`$0.15`, `$2.50`, `$0.075`). */
const price = (amount: number, currency: string) => {
  const digits = Math.min(6, Math.max(2, (String(amount).split(".")[1] ?? "").length))
  return money(amount, currency, digits)
}

/** Input and output prices per million tokens (`$2.50 in · $10.00 out per M`); what is unknown is left out. */
export const formatPricing = (pricing: Pricing): string => {
  const parts = [
    pricing.input === undefined ? undefined : `${price(pricing.input, pricing.currency)} in`,
    pricing.output === undefined ? undefined : `${price(pricing.output, pricing.currency)} out`
  ].filter((part) => part !== undefined)
  return parts.length === 0 ? `no prices (${pricing.currency})` : `${parts.join(" · ")} per M`
}
