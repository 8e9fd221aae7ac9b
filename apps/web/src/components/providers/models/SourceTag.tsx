/**
 * Where a model's fact came from, as a small tag beside it: the catalog, the provider's own list, inferred from the
 * id, or yours (set in Edit model, and kept through every sync and catalog update).
 */
import type { FactSource } from "@switchboard/core/domain/ModelFacts"

export const sourceLabels: Readonly<Record<FactSource, string>> = {
  inferred: "inferred",
  catalog: "catalog",
  provider: "provider",
  user: "yours"
}

/** The same, in a sentence: a tag's hover text and a field's hint. */
export const sourceSentences: Readonly<Record<FactSource, string>> = {
  inferred: "inferred from the model's id",
  catalog: "from the model catalog",
  provider: "from the provider's model list",
  user: "set by you"
}

export function SourceTag({ source }: { readonly source: FactSource }) {
  return (
    <span className={`source source-${source}`} title={sourceSentences[source]}>
      {sourceLabels[source]}
    </span>
  )
}
