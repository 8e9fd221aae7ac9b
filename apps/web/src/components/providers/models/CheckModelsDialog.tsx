/**
 * Check every model × key: which keys (all, or one), how many checks at once and how long each may take; then a
 * progress bar and the results table filling in live, Cancel while it runs, and the removals the stored results
 * suggest once it ends. Opened again, it shows the stored results of the last run and their age.
 */
import type { LastChecksView as LastChecks } from "@switchboard/core/domain/ModelViews"
import type { ProviderView as Provider } from "@switchboard/core/domain/ProviderView"
import { type FormEvent, useState } from "react"
import { type CheckRun, useModelCheck } from "../../../hooks/useModelCheck"
import { ago } from "../VerifyResults"
import { type FieldErrors, hasErrors, problemsOf } from "../../../lib/fieldErrors"
import { Dialog } from "../../shared/Dialog"
import { ErrorNote } from "../../shared/ErrorNote"
import { Field } from "../../shared/Field"
import { NumberField } from "../../shared/NumberField"
import { CheckResultsTable } from "./CheckResultsTable"
import { FailedRemovals } from "./FailedRemovals"
import { latestCheck } from "./ModelCheckBadge"

export interface CheckModelsDialogProps {
  readonly provider: Provider
  /** The stored results, read again after each run and removal. */
  readonly last: LastChecks | undefined
  readonly onChange: (provider: Provider) => void
  /** A run ended (or was cancelled): its results are stored, read them again. */
  readonly onChecked: () => void
  readonly onClose: () => void
}

/** The server's bounds (`CheckInput`), checked here so every problem shows under its field at once. */
const checkForm = (concurrency: string, timeout: string) =>
  problemsOf({
    concurrency:
      /^\d+$/.test(concurrency) && Number(concurrency) >= 1 && Number(concurrency) <= 32
        ? undefined
        : "A whole number from 1 to 32",
    timeout: timeout !== "" && Number(timeout) >= 0.5 && Number(timeout) <= 600 ? undefined : "From 0.5 to 600 seconds"
  })

export function CheckModelsDialog({ provider, last, onChange, onChecked, onClose }: CheckModelsDialogProps) {
  const [keyId, setKeyId] = useState("")
  const [concurrency, setConcurrency] = useState("4")
  const [timeoutSeconds, setTimeoutSeconds] = useState(String(provider.timeouts.verifyMs / 1000))
  const [errors, setErrors] = useState<FieldErrors>({})
  const { run, start, cancel } = useModelCheck(provider.id, onChecked)
  const running = run?.status === "running"
  // Before a run, the stored results of the last one (by any frontend) show.
  const results = run?.results ?? last?.checks ?? []
  const pairs = provider.models.length * Math.max(1, keyId === "" ? provider.apiKeys.length : 1)

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const problems = checkForm(concurrency, timeoutSeconds)
    setErrors(problems)
    if (hasErrors(problems) || running) return
    void start({
      ...(keyId === "" ? {} : { keyId }),
      concurrency: Number(concurrency),
      timeoutMs: Math.round(Number(timeoutSeconds) * 1000)
    })
  }

  return (
    <Dialog title={`Check the models of ${provider.name}`} onClose={onClose} wide>
      <form className="check-form" onSubmit={submit} noValidate>
        {provider.apiKeys.length === 0 ? null : (
          <Field label="Keys">
            {(control) => (
              <select {...control} className="input" value={keyId} onChange={(e) => setKeyId(e.target.value)}>
                <option value="">Every key ({provider.apiKeys.length})</option>
                {provider.apiKeys.map((key) => (
                  <option key={key.id} value={key.id}>
                    {key.masked}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <NumberField
          label="At once"
          value={concurrency}
          error={errors.concurrency}
          onChange={setConcurrency}
          min="1"
          step="1"
          hint="Checks running at the same time"
        />
        <NumberField
          label="Timeout (seconds)"
          value={timeoutSeconds}
          error={errors.timeout}
          onChange={setTimeoutSeconds}
          hint="For each check"
        />
        <div className="actions">
          {running ? (
            <button type="button" className="button" onClick={cancel}>
              Cancel check
            </button>
          ) : null}
          <button type="submit" className="button primary" aria-disabled={running}>
            {running ? "Checking…" : `Run ${pairs} ${pairs === 1 ? "check" : "checks"}`}
          </button>
        </div>
      </form>
      {run === undefined ? <StoredStatus last={last} /> : <RunStatus run={run} />}
      {results.length === 0 ? null : <CheckResultsTable results={results} />}
      {running || last === undefined ? null : (
        <FailedRemovals
          provider={provider}
          failures={last.failures}
          onRemoved={(next) => {
            onChange(next)
            onChecked()
          }}
        />
      )}
      <div className="actions">
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </Dialog>
  )
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

/** What the stored results say and how old they are, before a run. */
function StoredStatus({ last }: { readonly last: LastChecks | undefined }) {
  if (last === undefined || last.checks.length === 0) return null
  const failed = last.checks.filter((c) => !c.result.ok).length
  const latest = latestCheck(last.checks)
  return (
    <p className="small check-summary" role="status">
      Last results: {last.checks.length - failed} passed, {failed} failed, checked{" "}
      <time dateTime={latest} title={new Date(latest).toLocaleString()}>
        {ago(latest)}
      </time>
      .
    </p>
  )
}

/** The progress bar and, in words, how far the run got and how it ended. */
function RunStatus({ run }: { readonly run: CheckRun }) {
  const done = run.results.length
  const failed = run.results.filter((c) => !c.result.ok).length
  const text =
    run.status === "done"
      ? `Done: ${run.passed} passed, ${run.total - (run.passed ?? 0)} failed in ${seconds(run.elapsedMs ?? 0)}.`
      : run.status === "cancelled"
        ? `Cancelled after ${done} of ${run.total} checks (${failed} failed).`
        : run.status === "failed"
          ? `Stopped after ${done} of ${run.total} checks.`
          : `${done} of ${run.total || "…"} checked, ${failed} failed.`
  return (
    <div className="check-status">
      <progress className="check-progress" max={Math.max(1, run.total)} value={done} aria-label="Check progress" />
      <p className={`small check-summary ${run.status}`} role="status">
        {text}
      </p>
      <ErrorNote error={run.error} action="The check failed" />
    </div>
  )
}
