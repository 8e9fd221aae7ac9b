/**
 * A model's capabilities as small tags (only the ones it has), so a list shows at a glance which models see images
 * or reason; with `facts`, each tag says on hover where it came from.
 */
import type { FactSource } from "@switchboard/core/domain/ModelFacts"
import { type Capability, capabilities, capabilityLabels } from "@switchboard/core/domain/ProviderTypes"
import { sourceSentences } from "./models/SourceTag"

export function CapabilityTags({
  value,
  facts
}: {
  readonly value: Partial<Readonly<Record<Capability, boolean>>> | undefined
  readonly facts?: Readonly<Record<Capability, { readonly source: FactSource }>>
}) {
  if (value === undefined) return null
  const on = capabilities.filter((capability) => value[capability])
  if (on.length === 0) return null
  return (
    <span className="tags">
      {on.map((capability) => (
        <span
          key={capability}
          className={`tag tag-${capability}`}
          title={facts === undefined ? undefined : sourceSentences[facts[capability].source]}
        >
          {capabilityLabels[capability]}
        </span>
      ))}
    </span>
  )
}
