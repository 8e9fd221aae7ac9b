/**
 * The Add provider dialog: a name (and the id made from it, which the user may change) plus either a preset (vLLM,
 * Ollama, OpenAI, …: fills type and base URL) or a bare protocol type, with the URLs requests will go to shown before
 * anything is added, and Azure's API version. A key may be given here or later; the key field is cleared once the
 * server has it. Every problem shows under its field.
 */
import { type FormEvent, useEffect, useRef, useState } from "react"
import { api } from "../../api/client"
import type { Preset } from "@switchboard/core/Presets"
import { type ProviderType, providerTypeLabels, providerTypes } from "@switchboard/core/domain/ProviderTypes"
import type { ProviderView as Provider } from "@switchboard/core/domain/ProviderView"
import { useAction } from "../../hooks/useAction"
import { useSlug } from "../../hooks/useSlug"
import { keysProblem, parseKeys } from "../../lib/apiKeys"
import { type FieldErrors, focusFirstInvalid, hasErrors, problemsOf, serverFieldError } from "../../lib/fieldErrors"
import { apiVersionProblem, baseUrlProblem, nameProblem, providerFieldPaths } from "../../lib/providerFields"
import { Dialog } from "../shared/Dialog"
import { ErrorNote } from "../shared/ErrorNote"
import { Field } from "../shared/Field"
import { ShowHide } from "../shared/ShowHide"
import { BaseUrlField } from "./BaseUrlField"
import { UrlPreview } from "./UrlPreview"

export interface AddProviderDialogProps {
  /** The ids already in use, so the id shown for the name is the one the server will give. */
  readonly takenIds?: ReadonlyArray<string>
  readonly onAdded: (provider: Provider) => void
  readonly onClose: () => void
}

type Start =
  | { readonly kind: "preset"; readonly preset: Preset }
  | { readonly kind: "type"; readonly type: ProviderType }

const startKey = (start: Start) => (start.kind === "preset" ? `preset:${start.preset.id}` : `type:${start.type}`)

/** The server's rule for a chosen id (`ProviderIdField` in the core). */
const idProblem = (id: string): string | undefined =>
  /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(id) && id.length <= 48
    ? undefined
    : "Id must be lowercase letters and digits joined by single dashes (like my-vllm), at most 48."

export function AddProviderDialog({ takenIds = [], onAdded, onClose }: AddProviderDialogProps) {
  const [presets, setPresets] = useState<ReadonlyArray<Preset>>([])
  const [presetsError, setPresetsError] = useState<unknown>(undefined)
  const [start, setStart] = useState<Start>({ kind: "type", type: "openai" })
  const [name, setName] = useState("")
  const [nameTouched, setNameTouched] = useState(false)
  /** Undefined while the id follows the name; empty leaves it to the server (the placeholder shows which). */
  const [id, setId] = useState<string | undefined>(undefined)
  const [baseUrl, setBaseUrl] = useState("")
  const [apiVersion, setApiVersion] = useState("")
  const [apiKey, setApiKey] = useState("")
  const [keyShown, setKeyShown] = useState(false)
  const [tried, setTried] = useState(false)
  const form = useRef<HTMLFormElement>(null)

  useEffect(() => {
    api.presets().then(setPresets, setPresetsError)
  }, [])

  const choose = (next: Start) => {
    setStart(next)
    // A name the user has not typed follows the preset, so "vLLM" needs no typing at all.
    if (!nameTouched) setName(next.kind === "preset" ? next.preset.name : "")
  }

  const preset = start.kind === "preset" ? start.preset : undefined
  const type = preset?.type ?? (start.kind === "type" ? start.type : "openai")
  const slug = useSlug()
  const defaultId = slug?.uniqueSlug(name.trim(), (taken) => takenIds.includes(taken)) ?? ""
  const add = useAction(async () => {
    const trimmedUrl = baseUrl.trim()
    const keys = parseKeys(apiKey)
    const version = apiVersion.trim()
    const provider = await api.providers.add({
      name: name.trim(),
      ...(id === undefined || id.trim() === "" ? {} : { id: id.trim() }),
      ...(start.kind === "preset" ? { preset: start.preset.id } : { type: start.type }),
      ...(trimmedUrl === "" ? {} : { baseUrl: trimmedUrl }),
      ...(version === "" ? {} : { apiVersion: version }),
      ...(keys.length === 0 ? {} : { apiKeys: keys })
    })
    setApiKey("")
    onAdded(provider)
  })

  const problems = problemsOf({
    // An empty name is only a problem once the user tries to add: the dialog opens with it empty.
    name: name === "" && !tried ? undefined : nameProblem(name),
    id: id === undefined || id.trim() === "" ? undefined : idProblem(id.trim()),
    baseUrl: baseUrlProblem(baseUrl, true),
    apiVersion: type === "azure-openai" ? apiVersionProblem(apiVersion) : undefined,
    apiKeys: keysProblem(apiKey)
  })
  const refused = serverFieldError(add.error, providerFieldPaths)
  const errors: FieldErrors = {
    ...refused,
    ...problems
  }
  const refusedElsewhere = add.error !== undefined && refused === undefined

  const submit = (event: FormEvent) => {
    event.preventDefault()
    setTried(true)
    // Focus once the errors are drawn: an empty name's shows only from this try on.
    if (hasErrors(errors) || nameProblem(name) !== undefined)
      requestAnimationFrame(() => focusFirstInvalid(form.current))
    else void add.run()
  }
  /** A change clears the server's refusal: it was about what was there before. */
  const edit =
    <A,>(set: (value: A) => void) =>
    (value: A) => {
      add.clearError()
      set(value)
    }

  const placeholder = preset?.baseUrl ?? (start.kind === "type" ? defaultUrls[start.type] : "")
  const previewUrl = baseUrl.trim() === "" ? (preset?.baseUrl ?? "") : baseUrl.trim()
  const previewVersion = apiVersion.trim() === "" ? preset?.apiVersion : apiVersion.trim()

  return (
    <Dialog title="Add provider" onClose={onClose}>
      <form className="form" onSubmit={submit} ref={form} noValidate>
        <div className="name-id">
          <Field label="Name" error={errors.name}>
            {(control) => (
              <input
                {...control}
                className="input"
                data-autofocus
                value={name}
                onChange={(event) => {
                  edit(setName)(event.target.value)
                  setNameTouched(true)
                }}
              />
            )}
          </Field>
          <Field
            label="Id"
            error={errors.id}
            hint={
              id === undefined || id === ""
                ? "from the name; used by the CLI and the gateway"
                : "used by the CLI and the gateway"
            }
          >
            {(control) => (
              <input
                {...control}
                className="input mono"
                spellCheck={false}
                autoCapitalize="off"
                value={id ?? (name.trim() === "" ? "" : defaultId)}
                placeholder={name.trim() === "" ? "made from the name" : defaultId}
                onChange={(event) => edit(setId)(event.target.value)}
              />
            )}
          </Field>
        </div>
        <fieldset className="start-choices">
          <legend>Start from</legend>
          {presets.map((p) => (
            <StartChoice
              key={p.id}
              start={{ kind: "preset", preset: p }}
              current={start}
              label={p.name}
              meta={p.keyless ? "no key needed" : providerTypeLabels[p.type]}
              onChoose={edit(choose)}
            />
          ))}
          {providerTypes.map((t) => (
            <StartChoice
              key={t}
              start={{ kind: "type", type: t }}
              current={start}
              label={`Custom ${providerTypeLabels[t]}`}
              meta="type the base URL"
              onChoose={edit(choose)}
            />
          ))}
        </fieldset>
        <ErrorNote error={presetsError} action="Presets could not be loaded (custom types still work)" />
        <BaseUrlField
          type={type}
          label={<>Base URL {preset === undefined ? null : <em className="muted">(optional, preset fills it)</em>}</>}
          placeholder={placeholder}
          value={baseUrl}
          error={errors.baseUrl}
          onChange={edit(setBaseUrl)}
        />
        {type === "azure-openai" ? (
          <Field label="API version" error={errors.apiVersion} hint="A dated version such as 2024-10-21, or v1.">
            {(control) => (
              <input
                {...control}
                className="input mono"
                placeholder={preset?.apiVersion ?? "2024-10-21"}
                value={apiVersion}
                onChange={(event) => edit(setApiVersion)(event.target.value)}
              />
            )}
          </Field>
        ) : null}
        {previewUrl !== "" && errors.baseUrl === undefined ? (
          <UrlPreview
            providerId={undefined}
            settings={{
              type,
              baseUrl: previewUrl,
              ...(previewVersion === undefined ? {} : { apiVersion: previewVersion })
            }}
          />
        ) : null}
        <Field
          label={
            <>
              API key <em className="muted">{preset?.keyless ? "(usually none for this server)" : "(optional now)"}</em>
            </>
          }
          error={errors.apiKeys}
          hint={<ShowHide shown={keyShown} onChange={setKeyShown} what="the key" />}
        >
          {(control) => (
            <input
              {...control}
              className="input mono"
              type={keyShown ? "text" : "password"}
              autoComplete="off"
              spellCheck={false}
              value={apiKey}
              onChange={(event) => edit(setApiKey)(event.target.value)}
            />
          )}
        </Field>
        {refusedElsewhere ? <ErrorNote error={add.error} action="Could not add the provider" /> : null}
        <div className="actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={add.pending}>
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
