/**
 * A provider's connection settings as one form: name, protocol type, base URL with the live URL preview, Azure's api
 * version, custom headers and timeouts. Nothing is sent until Save, and a failed save keeps the edits and says why.
 */
import { type FormEvent, useEffect, useState } from "react"
import { api } from "../../api/client"
import { type ProviderType, providerTypeLabels, providerTypes } from "@switchboard/core/domain/ProviderTypes"
import type { ProviderView as Provider } from "@switchboard/core/domain/ProviderView"
import type { ProviderPatch } from "@switchboard/core/domain/ProviderInput"
import { useAction } from "../../hooks/useAction"
import { ErrorNote } from "../shared/ErrorNote"
import { type HeaderRow, HeadersEditor, headersToRows, rowsToHeaders } from "./HeadersEditor"
import { UrlPreview } from "./UrlPreview"

export interface SettingsSectionProps {
  readonly provider: Provider
  readonly onChange: (provider: Provider) => void
}

interface Draft {
  readonly name: string
  readonly type: ProviderType
  readonly baseUrl: string
  readonly apiVersion: string
  readonly headers: ReadonlyArray<HeaderRow>
  /** Seconds as typed (people think of timeouts in seconds; the API takes milliseconds). */
  readonly firstByteS: string
  readonly idleS: string
  readonly verifyS: string
  readonly maxRetries: string
}

const toDraft = (p: Provider): Draft => ({
  name: p.name,
  type: p.type,
  baseUrl: p.baseUrl,
  apiVersion: p.apiVersion ?? "",
  headers: headersToRows(p.headers),
  firstByteS: String(p.timeouts.firstByteMs / 1000),
  idleS: String(p.timeouts.idleMs / 1000),
  verifyS: String(p.timeouts.verifyMs / 1000),
  maxRetries: String(p.timeouts.maxRetries)
})

/** Only what changed, so a save never overwrites a field someone else edited meanwhile. */
export const draftPatch = (provider: Provider, draft: Draft): ProviderPatch => {
  const patch: { -readonly [K in keyof ProviderPatch]: ProviderPatch[K] } = {}
  if (draft.name.trim() !== provider.name) patch.name = draft.name.trim()
  if (draft.type !== provider.type) patch.type = draft.type
  if (draft.baseUrl.trim() !== provider.baseUrl) patch.baseUrl = draft.baseUrl.trim()
  const version = draft.apiVersion.trim()
  if (version !== (provider.apiVersion ?? "")) patch.apiVersion = version === "" ? null : version
  const headers = rowsToHeaders(draft.headers)
  if (JSON.stringify(headers) !== JSON.stringify(provider.headers)) patch.headers = headers
  const timeouts: Record<string, number> = {}
  const ms = (text: string) => Math.round(Number(text) * 1000)
  if (ms(draft.firstByteS) !== provider.timeouts.firstByteMs) timeouts.firstByteMs = ms(draft.firstByteS)
  if (ms(draft.idleS) !== provider.timeouts.idleMs) timeouts.idleMs = ms(draft.idleS)
  if (ms(draft.verifyS) !== provider.timeouts.verifyMs) timeouts.verifyMs = ms(draft.verifyS)
  if (Number(draft.maxRetries) !== provider.timeouts.maxRetries) timeouts.maxRetries = Number(draft.maxRetries)
  if (Object.keys(timeouts).length > 0) patch.timeouts = timeouts
  return patch
}

export function SettingsSection({ provider, onChange }: SettingsSectionProps) {
  const [draft, setDraft] = useState(() => toDraft(provider))
  const [saved, setSaved] = useState(false)
  // A different provider (or a newer revision saved here) resets the form to what the server holds.
  useEffect(() => {
    setDraft(toDraft(provider))
  }, [provider.id, provider.revision])

  const patch = draftPatch(provider, draft)
  const dirty = Object.keys(patch).length > 0
  const save = useAction(async () => {
    onChange(await api.providers.update(provider.id, patch))
    setSaved(true)
  })
  const set = (fields: Partial<Draft>) => {
    setSaved(false)
    save.clearError()
    setDraft((d) => ({ ...d, ...fields }))
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (dirty) void save.run()
  }
  const urlValid = /^https?:\/\/[^\s/]+/i.test(draft.baseUrl.trim())

  return (
    <section className="section" aria-labelledby="settings-heading">
      <h3 id="settings-heading">Connection</h3>
      <form className="form" onSubmit={submit}>
        <div className="row">
          <label className="field grow">
            <span>Name</span>
            <input className="input" value={draft.name} onChange={(e) => set({ name: e.target.value })} />
          </label>
          <label className="field">
            <span>Type</span>
            <select
              className="input"
              value={draft.type}
              onChange={(e) => set({ type: e.target.value as ProviderType })}
            >
              {providerTypes.map((type) => (
                <option key={type} value={type}>
                  {providerTypeLabels[type]}
                </option>
              ))}
            </select>
          </label>
        </div>
        <label className="field">
          <span>Base URL</span>
          <input
            className="input mono"
            type="url"
            inputMode="url"
            spellCheck={false}
            value={draft.baseUrl}
            onChange={(e) => set({ baseUrl: e.target.value })}
            aria-describedby="base-url-hint"
          />
        </label>
        <span id="base-url-hint" className="muted small field-hint">
          /v1 is added unless the path already has a version; end with # to use the URL exactly as typed.
        </span>
        {urlValid ? (
          <UrlPreview
            providerId={provider.id}
            settings={{
              type: draft.type,
              baseUrl: draft.baseUrl.trim(),
              ...(draft.apiVersion.trim() === "" ? {} : { apiVersion: draft.apiVersion.trim() })
            }}
          />
        ) : (
          <p className="muted small">Type a URL starting with http:// or https:// to see where requests go.</p>
        )}
        {draft.type === "azure-openai" ? (
          <label className="field">
            <span>API version</span>
            <input
              className="input mono"
              placeholder="2024-10-21 (or v1)"
              value={draft.apiVersion}
              onChange={(e) => set({ apiVersion: e.target.value })}
            />
          </label>
        ) : null}
        <HeadersEditor rows={draft.headers} onChange={(headers) => set({ headers })} />
        <fieldset className="timeouts">
          <legend>Timeouts and retries</legend>
          <NumberField label="First byte (s)" value={draft.firstByteS} onChange={(v) => set({ firstByteS: v })} />
          <NumberField label="Idle between chunks (s)" value={draft.idleS} onChange={(v) => set({ idleS: v })} />
          <NumberField label="Check (s)" value={draft.verifyS} onChange={(v) => set({ verifyS: v })} />
          <NumberField label="Retries" value={draft.maxRetries} step="1" onChange={(v) => set({ maxRetries: v })} />
        </fieldset>
        <ErrorNote error={save.error} action="Not saved" />
        <div className="actions">
          {saved && !dirty ? (
            <span className="muted small" role="status">
              Saved.
            </span>
          ) : null}
          <button type="button" className="button" disabled={!dirty} onClick={() => setDraft(toDraft(provider))}>
            Discard
          </button>
          <button type="submit" className="button primary" disabled={!dirty || save.pending}>
            {save.pending ? "Saving…" : "Save"}
          </button>
        </div>
      </form>
    </section>
  )
}

function NumberField(props: {
  readonly label: string
  readonly value: string
  readonly onChange: (value: string) => void
  readonly step?: string
}) {
  return (
    <label className="field">
      <span>{props.label}</span>
      <input
        className="input"
        type="number"
        min="0"
        step={props.step ?? "any"}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </label>
  )
}
