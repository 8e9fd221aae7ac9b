/**
 * A model's capabilities as small tags (only the ones it has), so a list shows at a glance which models see images
 * or reason.
 */
import { type Capability, capabilities, capabilityLabels } from "@switchboard/core/domain/ProviderTypes"

export function CapabilityTags({
  value
}: {
  readonly value: Partial<Readonly<Record<Capability, boolean>>> | undefined
}) {
  if (value === undefined) return null
  const on = capabilities.filter((capability) => value[capability])
  if (on.length === 0) return null
  return (
    <span className="tags">
      {on.map((capability) => (
        <span key={capability} className={`tag tag-${capability}`}>
          {capabilityLabels[capability]}
        </span>
      ))}
    </span>
  )
}
