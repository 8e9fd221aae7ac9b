/**
 * A conversation's settings: the system prompt sent in front of every turn, the temperature and the most tokens an
 * answer may have. Empty leaves a setting to the model's default. A new chat keeps them until its first message.
 */
import { type FormEvent, useRef, useState } from "react"
import type { ConversationSettings } from "../../api/types"
import { useAction } from "../../hooks/useAction"
import { focusFirstInvalid, hasErrors, problemsOf, serverFieldError } from "../../lib/fieldErrors"
import { Dialog } from "../shared/Dialog"
import { ErrorNote } from "../shared/ErrorNote"
import { Field } from "../shared/Field"
import { NumberField } from "../shared/NumberField"

export interface ConversationSettingsDialogProps {
  readonly settings: ConversationSettings
  readonly onSave: (settings: ConversationSettings) => Promise<void>
  readonly onClose: () => void
}

/** The server's bounds (`ConversationInput` in the core). */
const maxSystemPromptChars = 32_000
const maxTokensCap = 1_000_000

const temperatureProblem = (text: string) => {
  const t = Number(text)
  return text.trim() === "" || (Number.isFinite(t) && t >= 0 && t <= 2)
    ? undefined
    : "Temperature must be a number from 0 to 2."
}

const maxTokensProblem = (text: string) => {
  const n = Number(text)
  return text.trim() === "" || (Number.isInteger(n) && n >= 1 && n <= maxTokensCap)
    ? undefined
    : `Max tokens must be a whole number from 1 to ${maxTokensCap.toLocaleString("en")}.`
}

export function ConversationSettingsDialog({ settings, onSave, onClose }: ConversationSettingsDialogProps) {
  const [systemPrompt, setSystemPrompt] = useState(settings.systemPrompt ?? "")
  const [temperature, setTemperature] = useState(settings.temperature?.toString() ?? "")
  const [maxTokens, setMaxTokens] = useState(settings.maxTokens?.toString() ?? "")
  const form = useRef<HTMLFormElement>(null)
  const save = useAction(async () => {
    await onSave({
      ...(systemPrompt.trim() === "" ? {} : { systemPrompt }),
      ...(temperature.trim() === "" ? {} : { temperature: Number(temperature) }),
      ...(maxTokens.trim() === "" ? {} : { maxTokens: Number(maxTokens) })
    })
    onClose()
  })
  const refused = serverFieldError(save.error, {
    systemPrompt: "systemPrompt",
    temperature: "temperature",
    maxTokens: "maxTokens"
  })
  const errors = {
    ...refused,
    ...problemsOf({
      systemPrompt:
        systemPrompt.length > maxSystemPromptChars
          ? `System prompt has ${systemPrompt.length.toLocaleString("en")} characters; at most ${maxSystemPromptChars.toLocaleString("en")}.`
          : undefined,
      temperature: temperatureProblem(temperature),
      maxTokens: maxTokensProblem(maxTokens)
    })
  }
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (hasErrors(errors)) focusFirstInvalid(form.current)
    else void save.run()
  }

  return (
    <Dialog title="Conversation settings" onClose={onClose}>
      <form className="form" onSubmit={submit} ref={form} noValidate>
        <Field
          label="System prompt"
          error={errors.systemPrompt}
          hint="Sent in front of every turn of this conversation."
        >
          {(control) => (
            <textarea
              {...control}
              className="input"
              rows={5}
              value={systemPrompt}
              onChange={(event) => setSystemPrompt(event.target.value)}
            />
          )}
        </Field>
        <div className="row">
          <NumberField
            label="Temperature"
            value={temperature}
            error={errors.temperature}
            hint="0 to 2; empty: the model's default."
            step="0.1"
            onChange={setTemperature}
          />
          <NumberField
            label="Max tokens"
            value={maxTokens}
            error={errors.maxTokens}
            hint="Per answer; empty: the model's default."
            min="1"
            step="1"
            onChange={setMaxTokens}
          />
        </div>
        {refused === undefined ? <ErrorNote error={save.error} action="Settings not saved" /> : null}
        <div className="actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={save.pending}>
            {save.pending ? "Saving…" : "Save settings"}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
