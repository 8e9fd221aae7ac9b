/**
 * The Edit model form's limits and prices: the text typed, what each field starts with (your own value; the
 * catalog's or the provider's shows as the placeholder instead), the checks run before sending, and the patch. An
 * empty field sends `null`, which drops your value and goes back to the provider's, the catalog's or none.
 */
import type { ModelPatch } from "@switchboard/core/domain/ProviderInput"
import type { ModelView as Model } from "@switchboard/core/domain/ProviderView"
import { problemsOf } from "../../../lib/fieldErrors"

export interface LimitsDraft {
  readonly contextWindow: string
  readonly maxOutputTokens: string
  readonly currency: string
  readonly input: string
  readonly output: string
  readonly cachedInput: string
}

export type PriceField = "input" | "output" | "cachedInput"
export const priceFields: ReadonlyArray<PriceField> = ["input", "output", "cachedInput"]

const own = (fact: { readonly value: number; readonly source: string } | undefined) =>
  fact?.source === "user" ? String(fact.value) : ""

export const initialLimits = (model: Model): LimitsDraft => {
  const pricing = model.facts.pricing
  const mine = pricing?.source === "user" ? pricing.value : undefined
  const price = (field: PriceField) => (mine?.[field] === undefined ? "" : String(mine[field]))
  return {
    contextWindow: own(model.facts.contextWindow),
    maxOutputTokens: own(model.facts.maxOutputTokens),
    // A new price starts in the currency the catalog states (US dollars) unless you chose another.
    currency: pricing?.value.currency ?? "USD",
    input: price("input"),
    output: price("output"),
    cachedInput: price("cachedInput")
  }
}

const tokens = (text: string) =>
  text === "" || (/^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= 100_000_000)
    ? undefined
    : "A whole number of tokens from 1 to 100000000"

const price = (text: string) =>
  text === "" || (Number.isFinite(Number(text)) && Number(text) >= 0 && Number(text) <= 1e6)
    ? undefined
    : "A price from 0 to 1000000"

const hasPrice = (draft: LimitsDraft) => priceFields.some((field) => draft[field] !== "")

/** The problems of the form's limits and prices, by field. */
export const checkLimits = (draft: LimitsDraft) =>
  problemsOf({
    contextWindow: tokens(draft.contextWindow),
    maxOutputTokens: tokens(draft.maxOutputTokens),
    currency:
      !hasPrice(draft) || /^[A-Za-z]{3}$/.test(draft.currency.trim())
        ? undefined
        : "A three-letter currency code, like USD or EUR",
    input: price(draft.input),
    output: price(draft.output),
    cachedInput: price(draft.cachedInput)
  })

/** The server's field paths → the form's fields, for a refusal the checks above let through. */
export const limitsPaths: Readonly<Record<string, string>> = {
  contextWindow: "contextWindow",
  maxOutputTokens: "maxOutputTokens",
  "pricing.currency": "currency",
  "pricing.input": "input",
  "pricing.output": "output",
  "pricing.cachedInput": "cachedInput"
}

/** The patch of a checked draft. */
export const limitsPatch = (draft: LimitsDraft): ModelPatch => {
  const number = (text: string) => (text === "" ? null : Number(text))
  return {
    contextWindow: number(draft.contextWindow),
    maxOutputTokens: number(draft.maxOutputTokens),
    pricing: hasPrice(draft)
      ? {
          currency: draft.currency.trim().toUpperCase(),
          ...Object.fromEntries(priceFields.filter((f) => draft[f] !== "").map((f) => [f, Number(draft[f])]))
        }
      : null
  }
}
