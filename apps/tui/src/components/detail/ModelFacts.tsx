/**
 * What is known about one model and where each value came from (the core's `modelFacts`): context window, output
 * limit, prices and capabilities, each followed by its source — the catalog, the provider's list, inferred from the
 * id, or yours.
 */
import type { FactSource, ModelFacts as Facts } from "@switchboard/core/domain/ModelFacts"
import type { Pricing } from "@switchboard/core/domain/ModelPricing"
import { capabilities, capabilityLabels } from "@switchboard/core/domain/ProviderTypes"
import { Text } from "ink"
import { theme } from "../../theme/Theme"

/** A source as the TUI names it: the user's own values are "yours". */
export const sourceLabels: Readonly<Record<FactSource, string>> = {
  inferred: "inferred",
  catalog: "catalog",
  provider: "provider",
  user: "yours"
}

export const tokens = (count: number): string => count.toLocaleString("en")

/** A price per million tokens in its currency (`$2.50`, `€0.40`). */
export const price = (amount: number, currency: string): string =>
  new Intl.NumberFormat("en", { style: "currency", currency, maximumFractionDigits: 4 }).format(amount)

export const pricingText = (pricing: Pricing): string => {
  const parts = [
    pricing.input === undefined ? undefined : `${price(pricing.input, pricing.currency)} in`,
    pricing.output === undefined ? undefined : `${price(pricing.output, pricing.currency)} out`
  ].filter((part) => part !== undefined)
  return `${parts.join(" / ")} per M`
}

const Source = ({ source }: { readonly source: FactSource }) => (
  <Text color={theme.muted}> ({sourceLabels[source]})</Text>
)

/** One line of facts, wrapped: each value with its source; unknown values are said to be unknown. */
export const ModelFacts = ({ facts }: { readonly facts: Facts }) => {
  const has = capabilities.filter((c) => facts.capabilities[c].value)
  return (
    <Text wrap="wrap">
      <Text color={theme.muted}>context </Text>
      {facts.contextWindow === undefined ? "unknown" : tokens(facts.contextWindow.value)}
      {facts.contextWindow === undefined ? null : <Source source={facts.contextWindow.source} />}
      <Text color={theme.muted}> · output </Text>
      {facts.maxOutputTokens === undefined ? "unknown" : tokens(facts.maxOutputTokens.value)}
      {facts.maxOutputTokens === undefined ? null : <Source source={facts.maxOutputTokens.source} />}
      <Text color={theme.muted}> · prices </Text>
      {facts.pricing === undefined ? "unknown" : pricingText(facts.pricing.value)}
      {facts.pricing === undefined ? null : <Source source={facts.pricing.source} />}
      {has.map((c) => (
        <Text key={c}>
          {" · "}
          {capabilityLabels[c]}
          <Source source={facts.capabilities[c].source} />
        </Text>
      ))}
    </Text>
  )
}
