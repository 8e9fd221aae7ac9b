/**
 * The Add provider dialog: a name plus either a preset (vLLM, Ollama, OpenAI, …: fills type and base URL) or a bare
 * protocol type. A key may be given here or later; the key field is cleared once the server has it.
 */
import { type FormEvent, useEffect, useState } from "react"
import { api } from "../../api/client"
import type { Preset } from "@switchboard/core/Presets"
import { type ProviderType, providerTypeLabels, providerTypes } from "@switchboard/core/domain/ProviderTypes"
import type { ProviderView as Provider } from "@switchboard/core/domain/ProviderView"
import { useAction } from "../../hooks/useAction"
import { Dialog } from "../shared/Dialog"
import { ErrorNote } from "../shared/ErrorNote"

export interface AddProviderDialogProps {
  readonly onAdded: (provider: Provider) => void
  readonly onClose: () => void
}

type Start =
  | { readonly kind: "preset"; readonly preset: Preset }
  | { readonly kind: "type"; readonly type: ProviderType }

const startKey = (start: Start) => (start.kind === "preset" ? `preset:${start.preset.id}` : `type:${start.type}`)

export function AddProviderDialog({ onAdded, onClose }: AddProviderDialogProps) {
  const [presets, setPresets] = useState<ReadonlyArray<Preset>>([])
  const [presetsError, setPresetsError] = useState<unknown>(undefined)
  const [start, setStart] = useState<Start>({ kind: "type", type: "openai" })
  const [name, setName] = useState("")
  const [nameTouched, setNameTouched] = useState(false)
  const [baseUrl, setBaseUrl] = useState("")
  const [apiKey, setApiKey] = useState("")

  useEffect(() => {
    api.presets().then(setPresets, setPresetsError)
  }, [])

  const choose = (next: Start) => {
    setStart(next)
    // A name the user has not typed follows the preset, so "vLLM" needs no typing at all.
    if (!nameTouched) setName(next.kind === "preset" ? next.preset.name : "")
  }

  const add = useAction(async () => {
    const trimmedUrl = baseUrl.trim()
    const keys = apiKey
      .split(/[\s,]+/)
      .map((key) => key.trim())
      .filter((key) => key !== "")
    const provider = await api.providers.add({
      name: name.trim(),
      ...(start.kind === "preset" ? { preset: start.preset.id } : { type: start.type }),
      ...(trimmedUrl === "" ? {} : { baseUrl: trimmedUrl }),
      ...(keys.length === 0 ? {} : { apiKeys: keys })
    })
    setApiKey("")
    onAdded(provider)
  })

  const submit = (event: FormEvent) => {
    event.preventDefault()
    void add.run()
  }

  const preset = start.kind === "preset" ? start.preset : undefined
  const placeholder = preset?.baseUrl ?? (start.kind === "type" ? defaultUrls[start.type] : "")

  return (
    <Dialog title="Add provider" onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <fieldset className="start-choices">
          <legend>Start from</legend>
          {presets.map((p) => (
            <StartChoice
              key={p.id}
              start={{ kind: "preset", preset: p }}
              current={start}
              label={p.name}
              meta={p.keyless ? "no key needed" : providerTypeLabels[p.type]}
              onChoose={choose}
            />
          ))}
          {providerTypes.map((type) => (
            <StartChoice
              key={type}
              start={{ kind: "type", type }}
              current={start}
              label={`Custom ${providerTypeLabels[type]}`}
              meta="type the base URL"
              onChoose={choose}
            />
          ))}
        </fieldset>
        <ErrorNote error={presetsError} action="Presets could not be loaded (custom types still work)" />
        <label className="field">
          <span>Name</span>
          <input
            className="input"
            required
            maxLength={64}
            value={name}
            onChange={(event) => {
              setName(event.target.value)
              setNameTouched(true)
            }}
          />
        </label>
        <label className="field">
          <span>Base URL {preset === undefined ? "" : <em className="muted">(optional, preset fills it)</em>}</span>
          <input
            className="input"
            type="url"
            inputMode="url"
            placeholder={placeholder}
            value={baseUrl}
            onChange={(event) => setBaseUrl(event.target.value)}
          />
        </label>
        <label className="field">
          <span>
            API key <em className="muted">{preset?.keyless ? "(usually none for this server)" : "(optional now)"}</em>
          </span>
          <input
            className="input"
            type="password"
            autoComplete="off"
            value={apiKey}
            onChange={(event) => setApiKey(event.target.value)}
          />
        </label>
        <ErrorNote error={add.error} action="Could not add the provider" />
        <div className="actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={add.pending || name.trim() === ""}>
            {add.pending ? "Adding…" : "Add provider"}
          </button>
        </div>
      </form>
    </Dialog>
  )
}

const defaultUrls: Readonly<Record<ProviderType, string>> = {
  openai: "http://localhost:8000",
  "openai-responses": "https://api.openai.com",
  "azure-openai": "https://YOUR-RESOURCE.openai.azure.com",
  anthropic: "https://api.anthropic.com",
  gemini: "https://generativelanguage.googleapis.com"
}

function StartChoice(props: {
  readonly start: Start
  readonly current: Start
  readonly label: string
  readonly meta: string
  readonly onChoose: (start: Start) => void
}) {
  const checked = startKey(props.start) === startKey(props.current)
  return (
    <label className={checked ? "start-choice checked" : "start-choice"}>
      <input type="radio" name="start" checked={checked} onChange={() => props.onChoose(props.start)} />
      <span className="start-choice-label">{props.label}</span>
      <span className="muted small">{props.meta}</span>
    </label>
  )
}
