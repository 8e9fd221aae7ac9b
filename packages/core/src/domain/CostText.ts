/**
 * Money as every frontend's footer shows it. No Schemas here, so the dashboard's bundle can load it as the terminal
 * does (`ModelPricing` holds the price and cost schemas).
 */

// A type only: erased from the bundle, so the Schemas stay out.
import type { Cost } from "./ModelPricing"

/**
 * A cost as a footer shows it: the currency's symbol and enough digits to tell small answers apart (`$0.0042`,
 * `€1.20`); an amount too small to show is `<$0.0001`.
 */
export const formatCost = (cost: Cost): string => {
  const format = (amount: number) =>
    new Intl.NumberFormat("en", {
      style: "currency",
      currency: cost.currency,
      minimumFractionDigits: amount >= 1 ? 2 : 4,
      maximumFractionDigits: amount >= 1 ? 2 : 4
    }).format(amount)
  return cost.amount > 0 && cost.amount < 0.0001 ? `<${format(0.0001)}` : format(cost.amount)
}
