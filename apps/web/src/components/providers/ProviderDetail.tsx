/**
 * The right column of Model services: one provider's header (name, on/off, delete) and its sections — API keys with
 * Check, connection settings, models. Sections are keyed by provider so switching providers never carries over a
 * half-typed field.
 */
import { useState } from "react"
import { api } from "../../api/client"
import { providerTypeLabels } from "@switchboard/core/domain/ProviderTypes"
import type { ProviderView as Provider } from "@switchboard/core/domain/ProviderView"
import { useAction } from "../../hooks/useAction"
import { ErrorNote } from "../shared/ErrorNote"
import { Switch } from "../shared/Switch"
import { ApiKeysSection } from "./ApiKeysSection"
import { ModelsSection } from "./ModelsSection"
import { SettingsSection } from "./SettingsSection"

export interface ProviderDetailProps {
  readonly provider: Provider
  readonly onChange: (provider: Provider) => void
  readonly onDeleted: (id: string) => void
  readonly onToggle: (provider: Provider, enabled: boolean) => void
  /** The error of the last on/off switch, shown here too because the switch is here. */
  readonly toggleError?: unknown
  /** Whether the connection settings hold unsaved edits. */
  readonly onDirty?: (dirty: boolean) => void
}

export function ProviderDetail(props: ProviderDetailProps) {
  const { provider, onChange, onDeleted, onToggle, toggleError, onDirty } = props
  const [confirming, setConfirming] = useState(false)
  const remove = useAction(async () => {
    await api.providers.remove(provider.id)
    onDeleted(provider.id)
  })

  return (
    <article className="detail" aria-labelledby="detail-heading">
      <header className="detail-head">
        <div>
          <h2 id="detail-heading">{provider.name}</h2>
          <p className="muted small">
            {providerTypeLabels[provider.type]} · id <code>{provider.id}</code>
          </p>
        </div>
        <div className="detail-head-actions">
          <span className="muted small">{provider.enabled ? "On" : "Off"}</span>
          <Switch
            checked={provider.enabled}
            label={`${provider.name} enabled`}
            onChange={(enabled) => onToggle(provider, enabled)}
          />
          {confirming ? null : (
            <button type="button" className="button danger-text" onClick={() => setConfirming(true)}>
              Delete…
            </button>
          )}
        </div>
      </header>
      {confirming ? (
        <div className="confirm" role="alertdialog" aria-labelledby="confirm-delete">
          <p id="confirm-delete">
            Delete <strong>{provider.name}</strong> with its keys and {provider.models.length} models? This cannot be
            undone (export first to keep a copy).
          </p>
          <div className="actions">
            <button
              type="button"
              className="button"
              // biome-ignore lint/a11y/noAutofocus: focus must move into the confirmation; keeping is the safe default
              autoFocus
              onClick={() => setConfirming(false)}
            >
              Keep it
            </button>
            <button type="button" className="button danger" disabled={remove.pending} onClick={() => void remove.run()}>
              {remove.pending ? "Deleting…" : `Delete ${provider.name}`}
            </button>
          </div>
          <ErrorNote error={remove.error} action="Not deleted" />
        </div>
      ) : null}
      <ErrorNote error={toggleError} action={`Could not switch ${provider.name}`} />
      {provider.enabled ? null : (
        <p className="notice">This provider is off: chat and the gateway do not use it. Switch it on to use it.</p>
      )}
      <ApiKeysSection key={`keys-${provider.id}`} provider={provider} onChange={onChange} />
      <SettingsSection key={`settings-${provider.id}`} provider={provider} onChange={onChange} onDirty={onDirty} />
      <ModelsSection key={`models-${provider.id}`} provider={provider} onChange={onChange} />
    </article>
  )
}
