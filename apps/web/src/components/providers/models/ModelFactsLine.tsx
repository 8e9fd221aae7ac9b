/**
 * A model's context window, output limit and prices on its row, each with where it came from; what no source knows
 * is left out rather than shown as a guess.
 */
import type { ModelView as Model } from "@switchboard/core/domain/ProviderView"
import { formatPricing, formatTokens } from "../../../lib/money"
import { SourceTag } from "./SourceTag"

export function ModelFactsLine({ model }: { readonly model: Model }) {
  const { contextWindow, maxOutputTokens, pricing } = model.facts
  if (contextWindow === undefined && maxOutputTokens === undefined && pricing === undefined) return null
  return (
    <span className="model-facts small">
      {contextWindow === undefined ? null : (
        <span>
          {formatTokens(contextWindow.value)} context <SourceTag source={contextWindow.source} />
        </span>
      )}
      {maxOutputTokens === undefined ? null : (
        <span>
          {formatTokens(maxOutputTokens.value)} output <SourceTag source={maxOutputTokens.source} />
        </span>
      )}
      {pricing === undefined ? null : (
        <span>
          {formatPricing(pricing.value)} <SourceTag source={pricing.source} />
        </span>
      )}
    </span>
  )
}
