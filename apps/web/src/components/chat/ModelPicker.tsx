/**
 * Provider + model picker for chat: only enabled providers with at least one model, grouped by provider. The value
 * is `providerId` and `modelId` together, since model ids repeat across providers.
 */
import type { ProviderView as Provider } from "@switchboard/core/domain/ProviderView"

export interface ModelChoice {
  readonly providerId: string
  readonly modelId: string
}

export interface ModelPickerProps {
  readonly providers: ReadonlyArray<Provider>
  readonly value: ModelChoice | undefined
  readonly onChange: (choice: ModelChoice) => void
  readonly disabled?: boolean
}

/** The providers chat can use. */
export const chatProviders = (providers: ReadonlyArray<Provider>): ReadonlyArray<Provider> =>
  providers.filter((p) => p.enabled && p.models.length > 0)

// A separator that neither provider ids (slugs) nor the start of a model id can contain.
const encode = (choice: ModelChoice) => `${choice.providerId}\u0000${choice.modelId}`

export function ModelPicker({ providers, value, onChange, disabled = false }: ModelPickerProps) {
  const usable = chatProviders(providers)
  return (
    <label className="field model-picker">
      <span className="visually-hidden">Model</span>
      <select
        className="input"
        aria-label="Model"
        disabled={disabled || usable.length === 0}
        value={value === undefined ? "" : encode(value)}
        onChange={(event) => {
          const [providerId, modelId] = event.target.value.split("\u0000")
          if (providerId !== undefined && modelId !== undefined) onChange({ providerId, modelId })
        }}
      >
        {value === undefined ? <option value="">Choose a model</option> : null}
        {usable.map((provider) => (
          <optgroup key={provider.id} label={provider.name}>
            {provider.models.map((model) => (
              <option key={model.id} value={encode({ providerId: provider.id, modelId: model.id })}>
                {model.name}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  )
}
