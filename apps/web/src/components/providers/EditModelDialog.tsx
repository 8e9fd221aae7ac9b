/**
 * Edit one model: display name, group and capability overrides. Each capability is Auto (inferred from the id by the
 * server), Yes or No; Auto sends `null` so the override goes away instead of freezing today's guess.
 */
import { type FormEvent, useState } from "react"
import { api } from "../../api/client"
import { type Capability, capabilities, capabilityLabels } from "@switchboard/core/domain/ProviderTypes"
import type { ModelView as Model, ProviderView as Provider } from "@switchboard/core/domain/ProviderView"
import { useAction } from "../../hooks/useAction"
import { Dialog } from "../shared/Dialog"
import { ErrorNote } from "../shared/ErrorNote"

type Choice = "auto" | "yes" | "no"

export interface EditModelDialogProps {
  readonly provider: Provider
  readonly model: Model
  readonly onSaved: (provider: Provider) => void
  readonly onClose: () => void
}

const initialChoice = (model: Model, capability: Capability): Choice => {
  const override = model.overrides?.[capability]
  return override === undefined ? "auto" : override ? "yes" : "no"
}

export function EditModelDialog({ provider, model, onSaved, onClose }: EditModelDialogProps) {
  const [name, setName] = useState(model.name)
  const [group, setGroup] = useState(model.group)
  const [choices, setChoices] = useState(
    () => Object.fromEntries(capabilities.map((c) => [c, initialChoice(model, c)])) as Record<Capability, Choice>
  )

  const save = useAction(async () => {
    const overrides = Object.fromEntries(
      capabilities.map((c) => [c, choices[c] === "auto" ? null : choices[c] === "yes"])
    ) as Record<Capability, boolean | null>
    onSaved(
      await api.models.update(provider.id, model.id, {
        name: name.trim(),
        group: group.trim(),
        capabilities: overrides
      })
    )
    onClose()
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void save.run()
  }

  return (
    <Dialog title={`Edit ${model.id}`} onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <label className="field">
          <span>Display name</span>
          <input className="input" required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>Group</span>
          <input className="input" required value={group} onChange={(e) => setGroup(e.target.value)} />
        </label>
        <fieldset className="capability-choices">
          <legend>Capabilities</legend>
          {capabilities.map((capability) => (
            <label key={capability} className="field">
              <span>
                {capabilityLabels[capability]}{" "}
                <span className="muted small">(now {model.capabilities[capability] ? "yes" : "no"})</span>
              </span>
              <select
                className="input"
                value={choices[capability]}
                onChange={(e) => setChoices((c) => ({ ...c, [capability]: e.target.value as Choice }))}
              >
                <option value="auto">Auto (from the id)</option>
                <option value="yes">Yes</option>
                <option value="no">No</option>
              </select>
            </label>
          ))}
        </fieldset>
        <ErrorNote error={save.error} action="Model not saved" />
        <div className="actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={save.pending}>
            {save.pending ? "Saving…" : "Save model"}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
