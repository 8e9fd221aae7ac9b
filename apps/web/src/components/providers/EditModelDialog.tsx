/**
 * Edit one model: display name, group, capability overrides, limits and prices. Each capability is Auto (the
 * catalog's, else inferred from the id), Yes or No; Auto sends `null` so the override goes away instead of freezing
 * today's guess. Limits and prices work the same way: an empty field goes back to the provider's or catalog's value.
 * Your settings survive every sync and catalog update.
 */
import { type FormEvent, useRef, useState } from "react"
import { api } from "../../api/client"
import { type Capability, capabilities, capabilityLabels } from "@switchboard/core/domain/ProviderTypes"
import type { ModelView as Model, ProviderView as Provider } from "@switchboard/core/domain/ProviderView"
import { useAction } from "../../hooks/useAction"
import { type FieldErrors, focusFirstInvalid, hasErrors, serverFieldError } from "../../lib/fieldErrors"
import { Dialog } from "../shared/Dialog"
import { ErrorNote } from "../shared/ErrorNote"
import { ModelLimitsFields } from "./models/ModelLimitsFields"
import { checkLimits, initialLimits, limitsPatch, limitsPaths } from "./models/modelLimits"
import { sourceSentences } from "./models/SourceTag"

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
  const [limits, setLimits] = useState(() => initialLimits(model))
  const [errors, setErrors] = useState<FieldErrors>({})
  const form = useRef<HTMLFormElement>(null)

  const save = useAction(async () => {
    const overrides = Object.fromEntries(
      capabilities.map((c) => [c, choices[c] === "auto" ? null : choices[c] === "yes"])
    ) as Record<Capability, boolean | null>
    try {
      onSaved(
        await api.models.update(provider.id, model.id, {
          name: name.trim(),
          group: group.trim(),
          capabilities: overrides,
          ...limitsPatch(limits)
        })
      )
    } catch (cause) {
      const fieldError = serverFieldError(cause, limitsPaths)
      if (fieldError === undefined) throw cause
      setErrors(fieldError)
      // Focus once the error has rendered under its field.
      requestAnimationFrame(() => focusFirstInvalid(form.current))
      return
    }
    onClose()
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const problems = checkLimits(limits)
    setErrors(problems)
    if (hasErrors(problems)) {
      requestAnimationFrame(() => focusFirstInvalid(form.current))
      return
    }
    void save.run()
  }

  return (
    <Dialog title={`Edit ${model.id}`} onClose={onClose}>
      <form ref={form} className="form" onSubmit={submit}>
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
                <span className="muted small">
                  (now {model.capabilities[capability] ? "yes" : "no"},{" "}
                  {sourceSentences[model.facts.capabilities[capability].source]})
                </span>
              </span>
              <select
                className="input"
                value={choices[capability]}
                onChange={(e) => setChoices((c) => ({ ...c, [capability]: e.target.value as Choice }))}
              >
                <option value="auto">Auto (catalog or id)</option>
                <option value="yes">Yes</option>
                <option value="no">No</option>
              </select>
            </label>
          ))}
        </fieldset>
        <ModelLimitsFields
          model={model}
          draft={limits}
          errors={errors}
          onChange={(change) => {
            setLimits((current) => ({ ...current, ...change }))
            // A field being fixed drops its problem; Save checks again.
            setErrors((current) => Object.fromEntries(Object.entries(current).filter(([field]) => !(field in change))))
          }}
        />
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
