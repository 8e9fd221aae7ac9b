/**
 * API keys of one provider: the stored keys masked, each with its last check's result and a Remove that asks first;
 * a box to add keys (one per line, hidden until shown); and Check, which verifies every key and shows the per-key
 * report with when it ran. The last report is the server's (kept in the store), so it is there on opening the
 * provider, in every frontend. A typed key is cleared as soon as the server has stored it.
 */
import { useEffect, useRef, useState } from "react"
import { api } from "../../api/client"
import type { ApiKeyView, ProviderView as Provider } from "@switchboard/core/domain/ProviderView"
import type { KeyCheckView as KeyCheck, LastVerifyView as LastVerify } from "@switchboard/core/domain/ReportViews"
import { useAction } from "../../hooks/useAction"
import { keysProblem, parseKeys } from "../../lib/apiKeys"
import { serverFieldError } from "../../lib/fieldErrors"
import { ConfirmButton } from "../shared/ConfirmButton"
import { ErrorNote } from "../shared/ErrorNote"
import { Field } from "../shared/Field"
import { ShowHide } from "../shared/ShowHide"
import { CheckBadge, VerifyResults } from "./VerifyResults"

export interface ApiKeysSectionProps {
  readonly provider: Provider
  readonly onChange: (provider: Provider) => void
}

export function ApiKeysSection({ provider, onChange }: ApiKeysSectionProps) {
  const [draft, setDraft] = useState("")
  const [shown, setShown] = useState(false)
  const [verifyModel, setVerifyModel] = useState("")
  const [last, setLast] = useState<LastVerify | undefined>(undefined)
  const [lastError, setLastError] = useState<unknown>(undefined)
  const heading = useRef<HTMLHeadingElement>(null)
  const keyBox = useRef<HTMLTextAreaElement>(null)
  const kept = provider.apiKeys.map((key) => ({ id: key.id }))
  const problem = keysProblem(draft)

  const addKeys = useAction(async () => {
    const keys = parseKeys(draft)
    if (keys.length === 0 || problem !== undefined) return
    onChange(await api.providers.update(provider.id, { apiKeys: [...kept, ...keys] }))
    setDraft("")
    // The Add keys button is disabled now the box is empty: focus goes back to the box rather than the page's body.
    keyBox.current?.focus()
  })
  const removeKey = useAction(async (id: string) => {
    onChange(await api.providers.update(provider.id, { apiKeys: kept.filter((key) => key.id !== id) }))
    // The row is gone: focus lands on the section rather than on the page's body.
    heading.current?.focus()
  })
  const verify = useAction(async () => {
    const report = await api.providers.verify(provider.id, verifyModel === "" ? undefined : verifyModel)
    setLast({ checkedAt: new Date().toISOString(), report })
  })
  useEffect(() => {
    const controller = new AbortController()
    api.providers.lastVerify(provider.id, controller.signal).then(
      (stored) => setLast((shown) => shown ?? stored),
      (cause: unknown) => {
        if (!controller.signal.aborted) setLastError(cause)
      }
    )
    return () => controller.abort()
  }, [provider.id])
  const report = last?.report
  /** One key checked on its own row, with the model chosen under "Check with", or the first. */
  const [rowChecks, setRowChecks] = useState<Readonly<Record<string, KeyCheck>>>({})
  const rowModel = verifyModel === "" ? provider.models[0]?.id : verifyModel
  const checkKey = useAction(async (keyId: string) => {
    if (rowModel === undefined) return
    const result = await api.providers.checkKey(provider.id, keyId, rowModel)
    setRowChecks((checks) => ({ ...checks, [keyId]: result }))
  })
  const keyError = serverFieldError(addKeys.error, { apiKeys: "keys" })?.keys

  return (
    <section className="section" aria-labelledby="keys-heading">
      <h3 id="keys-heading" ref={heading} tabIndex={-1}>
        API keys
      </h3>
      {provider.apiKeys.length === 0 ? (
        <p className="muted">No key stored. Self-hosted servers such as vLLM and Ollama usually need none.</p>
      ) : (
        <ul className="key-list">
          {provider.apiKeys.map((key) => (
            <KeyRow
              key={key.id}
              apiKey={key}
              check={rowChecks[key.id] ?? report?.results.find((r) => r.keyId === key.id)}
              checkWith={rowModel}
              checking={checkKey.pending}
              onCheck={() => void checkKey.run(key.id)}
              onRemove={() => void removeKey.run(key.id)}
            />
          ))}
        </ul>
      )}
      <ErrorNote error={removeKey.error} action="Could not remove the key" />
      <ErrorNote error={checkKey.error} action="The key could not be checked" />
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault()
          void addKeys.run()
        }}
      >
        <Field
          className="grow"
          label="Add keys (one per line)"
          error={problem ?? keyError}
          hint={<ShowHide shown={shown} onChange={setShown} what="the keys" />}
        >
          {(control) => (
            <textarea
              {...control}
              ref={keyBox}
              className={shown ? "input mono" : "input mono concealed"}
              rows={2}
              autoComplete="off"
              spellCheck={false}
              value={draft}
              onChange={(event) => {
                addKeys.clearError()
                setDraft(event.target.value)
              }}
            />
          )}
        </Field>
        <button
          type="submit"
          className="button"
          disabled={addKeys.pending || parseKeys(draft).length === 0 || problem !== undefined}
        >
          {addKeys.pending ? "Saving…" : "Add keys"}
        </button>
      </form>
      {keyError === undefined ? <ErrorNote error={addKeys.error} action="Could not add the keys" /> : null}
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
      <ErrorNote error={lastError} action="The last check could not be loaded" />
      {last === undefined || last === null ? null : <VerifyResults report={last.report} checkedAt={last.checkedAt} />}
    </section>
  )
}

/** One stored key: masked, with the result of its last check, its own Check and a Remove that asks first. */
function KeyRow(props: {
  readonly apiKey: ApiKeyView
  readonly check: KeyCheck | undefined
  /** The model one key is checked with; none until the provider has a model. */
  readonly checkWith: string | undefined
  readonly checking: boolean
  readonly onCheck: () => void
  readonly onRemove: () => void
}) {
  const { apiKey, check, checkWith, checking, onCheck, onRemove } = props
  return (
    <li>
      <code>{apiKey.masked}</code>
      {check === undefined ? null : <CheckBadge result={check} />}
      <span className="key-actions">
        <button
          type="button"
          className="button small"
          aria-label={`Check key ${apiKey.masked}`}
          // Focusable while unavailable, so its title says why.
          aria-disabled={checking || checkWith === undefined}
          title={
            checkWith === undefined
              ? "Add a model first: one key is checked with a reply"
              : `With a reply from ${checkWith}`
          }
          onClick={() => {
            if (!checking && checkWith !== undefined) onCheck()
          }}
        >
          {checking ? "Checking…" : "Check"}
        </button>
        <ConfirmButton label={`Remove key ${apiKey.masked}`} question={`Remove ${apiKey.masked}?`} onConfirm={onRemove}>
          Remove
        </ConfirmButton>
      </span>
    </li>
  )
}
