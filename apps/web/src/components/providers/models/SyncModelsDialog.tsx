/**
 * Sync with the provider's list: opening it reads the list and compares it with the stored models — new upstream,
 * no longer offered (now marked on their rows, never deleted unasked), unchanged — with "Add all new" and "Remove the
 * gone" to apply either side of the diff.
 */
import type { SyncView } from "@switchboard/core/domain/ModelViews"
import type { ModelView as Model, ProviderView as Provider } from "@switchboard/core/domain/ProviderView"
import { type ReactNode, useEffect, useState } from "react"
import { api } from "../../../api/client"
import { useAction } from "../../../hooks/useAction"
import { ConfirmButton } from "../../shared/ConfirmButton"
import { Dialog, DialogDone } from "../../shared/Dialog"
import { ErrorNote } from "../../shared/ErrorNote"

export interface SyncModelsDialogProps {
  readonly provider: Provider
  readonly onChange: (provider: Provider) => void
  readonly onClose: () => void
}

/** What the last sync found, and what was applied since. */
interface Diff {
  readonly added: ReadonlyArray<Model>
  readonly gone: ReadonlyArray<Model>
  readonly unchanged: ReadonlyArray<Model>
}

export function SyncModelsDialog({ provider, onChange, onClose }: SyncModelsDialogProps) {
  const [diff, setDiff] = useState<Diff | undefined>(undefined)
  const [applied, setApplied] = useState<string | undefined>(undefined)
  const show = (synced: SyncView) => {
    onChange(synced.provider)
    setDiff(synced)
  }
  const compare = useAction(async () => show(await api.models.sync(provider.id)))
  const apply = useAction(async (what: "addNew" | "removeGone") => {
    const synced = await api.models.sync(provider.id, { [what]: true })
    onChange(synced.provider)
    // The answer's diff is the one before applying: the side applied is now empty.
    setDiff(what === "addNew" ? { ...synced, added: [] } : { ...synced, gone: [] })
    setApplied(
      what === "addNew"
        ? `Added ${synced.added.map((m) => m.id).join(", ")}.`
        : `Removed ${synced.gone.map((m) => m.id).join(", ")}.`
    )
  })

  useEffect(() => {
    void compare.run()
  }, [])

  return (
    <Dialog title={`Sync ${provider.name} with its model list`} onClose={onClose} wide>
      {compare.error !== undefined ? (
        <div>
          <ErrorNote error={compare.error} action={`Could not read the model list of ${provider.name}`} />
          <button type="button" className="button" onClick={() => void compare.run()}>
            Retry
          </button>
        </div>
      ) : diff === undefined ? (
        <p className="muted" role="status">
          Reading the provider's model list…
        </p>
      ) : (
        <div className="sync-diff">
          <p className="small" role="status">
            {applied ??
              `${diff.added.length} new upstream, ${diff.gone.length} no longer offered, ${diff.unchanged.length} unchanged.`}
          </p>
          <DiffList title="New upstream" models={diff.added} empty="Nothing new upstream." kind="added">
            {diff.added.length === 0 ? null : (
              <button
                type="button"
                className="button small primary"
                aria-disabled={apply.pending}
                onClick={() => {
                  if (!apply.pending) void apply.run("addNew")
                }}
              >
                Add all {diff.added.length} new
              </button>
            )}
          </DiffList>
          <DiffList title="No longer offered" models={diff.gone} empty="Every model is still offered." kind="gone">
            {diff.gone.length === 0 ? null : (
              <ConfirmButton
                label={`Remove the ${diff.gone.length} gone`}
                question={`Remove ${diff.gone.map((m) => m.id).join(", ")}?`}
                confirmText="Remove"
                disabled={apply.pending}
                onConfirm={() => void apply.run("removeGone")}
              >
                Remove the {diff.gone.length} gone
              </ConfirmButton>
            )}
          </DiffList>
          <details className="sync-unchanged">
            <summary>Unchanged ({diff.unchanged.length})</summary>
            <p className="small mono">{diff.unchanged.map((m) => m.id).join(", ")}</p>
          </details>
          <ErrorNote error={apply.error} action="Models not changed" />
        </div>
      )}
      <DialogDone onClose={onClose} />
    </Dialog>
  )
}

function DiffList(props: {
  readonly title: string
  readonly models: ReadonlyArray<Model>
  readonly empty: string
  readonly kind: "added" | "gone"
  readonly children: ReactNode
}) {
  const { title, models, empty, kind, children } = props
  return (
    <section className="model-group" aria-label={title}>
      <header className="model-group-head">
        <h4>{title}</h4>
        <span className="muted small">{models.length}</span>
        {children}
      </header>
      {models.length === 0 ? (
        <p className="muted small">{empty}</p>
      ) : (
        <ul className="model-rows">
          {models.map((m) => (
            <li key={m.id} className={`model-row ${kind}`}>
              <span className="mono">{m.id}</span>
              {m.facts.deprecated?.value === true ? <span className="tag tag-deprecated">Deprecated</span> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
