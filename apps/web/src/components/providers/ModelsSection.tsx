/**
 * A provider's models: add ids by hand (several at once), Manage to pick from the provider's own list, Check every
 * model × key, Sync with the provider's list, and the added models grouped, each with its facts, its last check, Edit
 * and a Delete that asks first.
 */
import { useCallback, useEffect, useRef, useState } from "react"
import { api } from "../../api/client"
import type { LastChecksView as LastChecks } from "@switchboard/core/domain/ModelViews"
import type { ModelView as Model, ProviderView as Provider } from "@switchboard/core/domain/ProviderView"
import { useAction } from "../../hooks/useAction"
import { groupBy } from "../../lib/groupBy"
import { ErrorNote } from "../shared/ErrorNote"
import { EditModelDialog } from "./EditModelDialog"
import { ManageModelsDialog } from "./ManageModelsDialog"
import { CheckModelsDialog } from "./models/CheckModelsDialog"
import { ModelRow } from "./models/ModelRow"
import { SyncModelsDialog } from "./models/SyncModelsDialog"

export interface ModelsSectionProps {
  readonly provider: Provider
  readonly onChange: (provider: Provider) => void
}

/** Model ids as typed: separated by commas, spaces or lines (ids never contain those). */
export const parseModelIds = (text: string): ReadonlyArray<string> => [
  ...new Set(
    text
      .split(/[\s,]+/)
      .map((id) => id.trim())
      .filter((id) => id !== "")
  )
]

export function ModelsSection({ provider, onChange }: ModelsSectionProps) {
  const [draft, setDraft] = useState("")
  const [open, setOpen] = useState<"manage" | "check" | "sync" | undefined>(undefined)
  const [last, setLast] = useState<LastChecks | undefined>(undefined)
  const [editing, setEditing] = useState<Model | undefined>(undefined)
  const heading = useRef<HTMLHeadingElement>(null)
  const field = useRef<HTMLInputElement>(null)

  const add = useAction(async () => {
    const ids = parseModelIds(draft)
    if (ids.length === 0) return
    onChange(await api.models.add(provider.id, ids))
    setDraft("")
    // The Add button is disabled now the field is empty: focus goes back to the field, ready for the next ids.
    field.current?.focus()
  })
  // The stored results show beside each model; a failure to read them only leaves the badges out.
  const loadChecks = useCallback(
    (signal?: AbortSignal) => api.models.lastChecks(provider.id, signal).then(setLast, () => undefined),
    [provider.id]
  )
  useEffect(() => {
    const controller = new AbortController()
    void loadChecks(controller.signal)
    return () => controller.abort()
  }, [loadChecks])
  const remove = useAction(async (modelId: string) => {
    onChange(await api.models.remove(provider.id, modelId))
    // The row is gone: focus lands on the section rather than on the page's body.
    heading.current?.focus()
  })

  return (
    <section className="section" aria-labelledby="models-heading">
      <div className="section-head">
        <h3 id="models-heading" ref={heading} tabIndex={-1}>
          Models
        </h3>
        <span className="muted small">{provider.models.length}</span>
        <span className="section-head-actions">
          <button
            type="button"
            className="button"
            disabled={provider.models.length === 0}
            onClick={() => setOpen("check")}
          >
            Check…
          </button>
          <button type="button" className="button" onClick={() => setOpen("sync")}>
            Sync…
          </button>
          <button type="button" className="button" onClick={() => setOpen("manage")}>
            Manage…
          </button>
        </span>
      </div>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault()
          void add.run()
        }}
      >
        <label className="field grow">
          <span>Add model ids by hand</span>
          <input
            ref={field}
            className="input mono"
            placeholder="e.g. Qwen/Qwen2.5-7B-Instruct, llama3.1:8b"
            spellCheck={false}
            value={draft}
            onChange={(e) => {
              add.clearError()
              setDraft(e.target.value)
            }}
          />
        </label>
        <button type="submit" className="button" disabled={add.pending || parseModelIds(draft).length === 0}>
          {add.pending ? "Adding…" : "Add"}
        </button>
      </form>
      <ErrorNote error={add.error} action="Models not added" />
      <ErrorNote error={remove.error} action="Model not deleted" />
      {provider.models.length === 0 ? (
        <p className="muted">No models yet. Use Manage to pick from the provider's list, or type ids above.</p>
      ) : (
        groupBy(provider.models, (m) => m.group).map(([group, models]) => (
          <section key={group} className="model-group" aria-label={`Group ${group}`}>
            <header className="model-group-head">
              <h4>{group}</h4>
              <span className="muted small">{models.length}</span>
            </header>
            <ul className="model-rows">
              {models.map((model) => (
                <ModelRow
                  key={model.id}
                  model={model}
                  checks={last?.checks.filter((c) => c.modelId === model.id) ?? []}
                  onEdit={() => setEditing(model)}
                  onDelete={() => void remove.run(model.id)}
                />
              ))}
            </ul>
          </section>
        ))
      )}
      {open === "manage" ? (
        <ManageModelsDialog provider={provider} onChange={onChange} onClose={() => setOpen(undefined)} />
      ) : open === "check" ? (
        <CheckModelsDialog
          provider={provider}
          last={last}
          onChange={onChange}
          onChecked={() => void loadChecks()}
          onClose={() => setOpen(undefined)}
        />
      ) : open === "sync" ? (
        <SyncModelsDialog provider={provider} onChange={onChange} onClose={() => setOpen(undefined)} />
      ) : null}
      {editing === undefined ? null : (
        <EditModelDialog provider={provider} model={editing} onSaved={onChange} onClose={() => setEditing(undefined)} />
      )}
    </section>
  )
}
