/**
 * API keys of one provider: the stored keys masked (each removable), a box to add several at once, and Check, which
 * verifies every key and shows the per-key report. A typed key is cleared as soon as the server has stored it.
 */
import { useState } from "react"
import { api } from "../../api/client"
import type { ProviderView as Provider } from "@switchboard/core/domain/ProviderView"
import type { VerifyReportView as VerifyReport } from "@switchboard/core/domain/ReportViews"
import { useAction } from "../../hooks/useAction"
import { ErrorNote } from "../shared/ErrorNote"
import { VerifyResults } from "./VerifyResults"

export interface ApiKeysSectionProps {
  readonly provider: Provider
  readonly onChange: (provider: Provider) => void
}

/** Splits what was pasted into keys: one per line, or separated by commas or spaces. */
export const parseKeys = (text: string): ReadonlyArray<string> =>
  text
    .split(/[\s,]+/)
    .map((key) => key.trim())
    .filter((key) => key !== "")

export function ApiKeysSection({ provider, onChange }: ApiKeysSectionProps) {
  const [draft, setDraft] = useState("")
  const [verifyModel, setVerifyModel] = useState("")
  const [report, setReport] = useState<VerifyReport | undefined>(undefined)
  const kept = provider.apiKeys.map((key) => ({ id: key.id }))

  const addKeys = useAction(async () => {
    const keys = parseKeys(draft)
    if (keys.length === 0) return
    onChange(await api.providers.update(provider.id, { apiKeys: [...kept, ...keys] }))
    setDraft("")
  })
  const removeKey = useAction(async (id: string) => {
    onChange(await api.providers.update(provider.id, { apiKeys: kept.filter((key) => key.id !== id) }))
  })
  const verify = useAction(async () => {
    setReport(undefined)
    setReport(await api.providers.verify(provider.id, verifyModel === "" ? undefined : verifyModel))
  })

  return (
    <section className="section" aria-labelledby="keys-heading">
      <h3 id="keys-heading">API keys</h3>
      {provider.apiKeys.length === 0 ? (
        <p className="muted">No key stored. Self-hosted servers such as vLLM and Ollama usually need none.</p>
      ) : (
        <ul className="key-list">
          {provider.apiKeys.map((key) => (
            <li key={key.id}>
              <code>{key.masked}</code>
              <button
                type="button"
                className="button small danger-text"
                aria-label={`Remove key ${key.masked}`}
                disabled={removeKey.pending}
                onClick={() => void removeKey.run(key.id)}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <ErrorNote error={removeKey.error} action="Could not remove the key" />
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault()
          void addKeys.run()
        }}
      >
        <label className="field grow">
          <span>Add keys (several: one per line)</span>
          <textarea
            className="input mono"
            rows={2}
            autoComplete="off"
            spellCheck={false}
            value={draft}
            onChange={(event) => setDraft(event.target.value)}
          />
        </label>
        <button type="submit" className="button" disabled={addKeys.pending || parseKeys(draft).length === 0}>
          {addKeys.pending ? "Saving…" : "Add keys"}
        </button>
      </form>
      <ErrorNote error={addKeys.error} action="Could not add the keys" />
      <div className="inline-form">
        <label className="field">
          <span>Check with</span>
          <select className="input" value={verifyModel} onChange={(event) => setVerifyModel(event.target.value)}>
            <option value="">model list only</option>
            {provider.models.map((model) => (
              <option key={model.id} value={model.id}>
                a reply from {model.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button primary" disabled={verify.pending} onClick={() => void verify.run()}>
          {verify.pending ? "Checking…" : provider.apiKeys.length > 1 ? "Check all keys" : "Check"}
        </button>
      </div>
      <ErrorNote error={verify.error} action="Check failed" />
      {report === undefined ? null : <VerifyResults report={report} />}
    </section>
  )
}
