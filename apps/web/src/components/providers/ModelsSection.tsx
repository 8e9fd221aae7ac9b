/**
 * A provider's models: add ids by hand (several at once), Manage to pick from the provider's own list, and the added
 * models grouped, each with Edit and a Delete that asks first.
 */
import { useRef, useState } from "react"
import { api } from "../../api/client"
import type { ModelView as Model, ProviderView as Provider } from "@switchboard/core/domain/ProviderView"
import { useAction } from "../../hooks/useAction"
import { groupBy } from "../../lib/groupBy"
import { ConfirmButton } from "../shared/ConfirmButton"
import { ErrorNote } from "../shared/ErrorNote"
import { CapabilityTags } from "./CapabilityTags"
import { EditModelDialog } from "./EditModelDialog"
import { ManageModelsDialog } from "./ManageModelsDialog"

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
  const [managing, setManaging] = useState(false)
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
        <button type="button" className="button" onClick={() => setManaging(true)}>
          Manage…
        </button>
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
                <li key={model.id} className="model-row">
                  <span className="model-row-text">
                    <span>{model.name}</span>
                    {model.name === model.id ? null : <span className="muted small mono">{model.id}</span>}
                    <CapabilityTags value={model.capabilities} />
                  </span>
                  <span className="model-row-actions">
                    <button
                      type="button"
                      className="button small"
                      aria-label={`Edit ${model.id}`}
                      onClick={() => setEditing(model)}
                    >
                      Edit
                    </button>
                    <ConfirmButton
                      label={`Delete ${model.id}`}
                      question={`Delete ${model.name}?`}
                      onConfirm={() => void remove.run(model.id)}
                    >
                      Delete
                    </ConfirmButton>
                  </span>
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
      {managing ? (
        <ManageModelsDialog provider={provider} onChange={onChange} onClose={() => setManaging(false)} />
      ) : null}
      {editing === undefined ? null : (
        <EditModelDialog provider={provider} model={editing} onSaved={onChange} onClose={() => setEditing(undefined)} />
      )}
    </section>
  )
}
