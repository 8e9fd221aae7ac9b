/**
 * A provider's connection settings as one form: name, protocol type, base URL with the live URL preview, Azure's api
 * version, custom headers and timeouts. Nothing is sent until Save; every problem shows under its field as it is
 * typed (in seconds, as the fields are labelled), and a refused save keeps the edits and says why, there too.
 */
import { type FormEvent, useEffect, useRef, useState } from "react"
import { api } from "../../api/client"
import { type ProviderType, providerTypeLabels, providerTypes } from "@switchboard/core/domain/ProviderTypes"
import type { ProviderView as Provider } from "@switchboard/core/domain/ProviderView"
import type { ProviderPatch } from "@switchboard/core/domain/ProviderInput"
import { useAction } from "../../hooks/useAction"
import { type FieldErrors, focusFirstInvalid, hasErrors, problemsOf, serverFieldError } from "../../lib/fieldErrors"
import {
  apiVersionProblem,
  baseUrlProblem,
  nameProblem,
  providerFieldPaths,
  retriesProblem,
  secondsProblem
} from "../../lib/providerFields"
import { ErrorNote } from "../shared/ErrorNote"
import { Field } from "../shared/Field"
import { NumberField } from "../shared/NumberField"
import { type HeaderRow, HeadersEditor, headersToRows, rowsToHeaders } from "./HeadersEditor"
import { BaseUrlField } from "./BaseUrlField"
import { UrlPreview } from "./UrlPreview"

export interface SettingsSectionProps {
  readonly provider: Provider
  readonly onChange: (provider: Provider) => void
  /** Told whether the form holds edits not saved yet, so the page can warn before they are thrown away. */
  readonly onDirty?: ((dirty: boolean) => void) | undefined
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

/** Every problem of the draft, per field, in the words and units of the form. */
export const draftProblems = (draft: Draft): FieldErrors =>
  problemsOf({
    name: nameProblem(draft.name),
    baseUrl: baseUrlProblem(draft.baseUrl),
    apiVersion: draft.type === "azure-openai" ? apiVersionProblem(draft.apiVersion) : undefined,
    firstByteS: secondsProblem("First byte", draft.firstByteS, 3600),
    idleS: secondsProblem("Idle between chunks", draft.idleS, 3600),
    verifyS: secondsProblem("Check", draft.verifyS, 600),
    maxRetries: retriesProblem(draft.maxRetries)
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

export function SettingsSection({ provider, onChange, onDirty }: SettingsSectionProps) {
  const [draft, setDraft] = useState(() => toDraft(provider))
  const [saved, setSaved] = useState(false)
  const form = useRef<HTMLFormElement>(null)
  // A different provider (or a newer revision saved here) resets the form to what the server holds.
  useEffect(() => {
    setDraft(toDraft(provider))
  }, [provider.id, provider.revision])

  const patch = draftPatch(provider, draft)
  const dirty = Object.keys(patch).length > 0
  useEffect(() => onDirty?.(dirty), [dirty])
  const save = useAction(async () => {
    onChange(await api.providers.update(provider.id, patch))
    setSaved(true)
  })
  const refused = serverFieldError(save.error, providerFieldPaths)
  const errors: FieldErrors = { ...refused, ...draftProblems(draft) }
  const set = (fields: Partial<Draft>) => {
    setSaved(false)
    save.clearError()
    setDraft((d) => ({ ...d, ...fields }))
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (hasErrors(errors)) focusFirstInvalid(form.current)
    else if (dirty) void save.run()
  }

  return (
    <section className="section" aria-labelledby="settings-heading">
      <h3 id="settings-heading">Connection</h3>
      <form className="form" onSubmit={submit} ref={form} noValidate>
        <div className="row">
          <Field className="grow" label="Name" error={errors.name}>
            {(control) => (
              <input
                {...control}
                className="input"
                value={draft.name}
                onChange={(e) => set({ name: e.target.value })}
              />
            )}
          </Field>
          <Field label="Type" error={errors.type}>
            {(control) => (
              <select
                {...control}
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
            )}
          </Field>
        </div>
        <BaseUrlField
          type={draft.type}
          value={draft.baseUrl}
          error={errors.baseUrl}
          onChange={(baseUrl) => set({ baseUrl })}
        />
        {errors.baseUrl === undefined ? (
          <UrlPreview
            providerId={provider.id}
            settings={{
              type: draft.type,
              baseUrl: draft.baseUrl.trim(),
              ...(draft.apiVersion.trim() === "" ? {} : { apiVersion: draft.apiVersion.trim() })
            }}
          />
        ) : null}
        {draft.type === "azure-openai" ? (
          <Field label="API version" error={errors.apiVersion}>
            {(control) => (
              <input
                {...control}
                className="input mono"
                placeholder="2024-10-21 (or v1)"
                value={draft.apiVersion}
                onChange={(e) => set({ apiVersion: e.target.value })}
              />
            )}
          </Field>
        ) : null}
        <HeadersEditor rows={draft.headers} onChange={(headers) => set({ headers })} />
        {errors.headers === undefined ? null : <span className="field-error">{errors.headers}</span>}
        <fieldset className="timeouts">
          <legend>Timeouts and retries</legend>
          <NumberField
            label="First byte (s)"
            value={draft.firstByteS}
            error={errors.firstByteS}
            onChange={(v) => set({ firstByteS: v })}
          />
          <NumberField
            label="Idle between chunks (s)"
            value={draft.idleS}
            error={errors.idleS}
            onChange={(v) => set({ idleS: v })}
          />
          <NumberField
            label="Check (s)"
            value={draft.verifyS}
            error={errors.verifyS}
            onChange={(v) => set({ verifyS: v })}
          />
          <NumberField
            label="Retries"
            value={draft.maxRetries}
            step="1"
            error={errors.maxRetries}
            onChange={(v) => set({ maxRetries: v })}
          />
        </fieldset>
        {refused === undefined ? <ErrorNote error={save.error} action="Not saved" /> : null}
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
