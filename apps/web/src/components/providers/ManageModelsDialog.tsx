/**
 * Manage: the provider's own model list (fetched when the dialog opens, cancellable while it comes), searchable and
 * filterable by capability, grouped, with add/remove per model and per group. Every change is saved at once, so
 * closing needs no Save. While a change is saved its buttons say so with `aria-disabled` rather than `disabled`, which
 * would throw the focus out of the dialog onto the page's body.
 */
import { useEffect, useRef, useState } from "react"
import { api } from "../../api/client"
import { type Capability, capabilities, capabilityLabels } from "@switchboard/core/domain/ProviderTypes"
import type { ProviderView as Provider } from "@switchboard/core/domain/ProviderView"
import type { RemoteModelView as RemoteModel } from "@switchboard/core/domain/ReportViews"
import { useAction } from "../../hooks/useAction"
import { groupBy } from "../../lib/groupBy"
import { Dialog, DialogDone } from "../shared/Dialog"
import { ErrorNote } from "../shared/ErrorNote"
import { CapabilityTags } from "./CapabilityTags"

export interface ManageModelsDialogProps {
  readonly provider: Provider
  readonly onChange: (provider: Provider) => void
  readonly onClose: () => void
}

/** The group a remote model is shown under: the one the server says it will get when added. */
const remoteGroup = (model: RemoteModel): string => model.group

export function ManageModelsDialog({ provider, onChange, onClose }: ManageModelsDialogProps) {
  const [remote, setRemote] = useState<ReadonlyArray<RemoteModel> | undefined>(undefined)
  const [generation, setGeneration] = useState(0)
  const [query, setQuery] = useState("")
  const [filter, setFilter] = useState<Capability | "all">("all")
  const [cancelled, setCancelled] = useState(false)
  const fetching = useRef<AbortController | undefined>(undefined)
  const load = useAction(async (signal: AbortSignal) => {
    try {
      setRemote(await api.providers.remoteModels(provider.id, signal))
    } catch (cause) {
      // A fetch aborted by Cancel, Retry or closing is no failure to show.
      if (!signal.aborted) throw cause
    }
  })
  const change = useAction(async (add: ReadonlyArray<RemoteModel>, remove: ReadonlyArray<string>) => {
    let latest = provider
    if (add.length > 0) {
      // With what the list said of each (its window, its owner), so the model shows the provider as their source;
      // the server gives each the group and capabilities this list showed.
      latest = await api.models.add(
        provider.id,
        add.map((m) => ({
          id: m.id,
          ...(m.contextLength === undefined ? {} : { contextLength: m.contextLength }),
          ...(m.ownedBy === undefined ? {} : { ownedBy: m.ownedBy })
        }))
      )
      onChange(latest)
    }
    // One request per model: the API removes models one at a time; the provider after the last is the current one.
    for (const id of remove) {
      latest = await api.models.remove(provider.id, id)
      onChange(latest)
    }
  })

  useEffect(() => {
    const controller = new AbortController()
    fetching.current = controller
    setCancelled(false)
    void load.run(controller.signal)
    return () => controller.abort()
  }, [provider.id, generation])

  const cancel = () => {
    fetching.current?.abort()
    setCancelled(true)
  }
  /** Runs a change unless one is being saved (the buttons stay focusable meanwhile). */
  const changeIdle = (add: ReadonlyArray<RemoteModel>, remove: ReadonlyArray<string>) => {
    if (!change.pending) void change.run(add, remove)
  }

  const added = new Set(provider.models.map((m) => m.id))
  const q = query.trim().toLowerCase()
  const visible = (remote ?? []).filter(
    (m) =>
      (q === "" || m.id.toLowerCase().includes(q) || (m.displayName ?? "").toLowerCase().includes(q)) &&
      (filter === "all" || m.capabilities[filter])
  )
  const hasCapabilities = (remote ?? []).some((m) => m.capabilities !== undefined)
  const groups = groupBy(visible, remoteGroup)

  return (
    <Dialog title={`Models of ${provider.name}`} onClose={onClose} wide>
      <div className="manage-tools">
        <input
          type="search"
          className="input"
          placeholder="Search models"
          aria-label="Search models"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        {hasCapabilities ? (
          <fieldset className="chips" aria-label="Filter by capability">
            {(["all", ...capabilities] as const).map((c) => (
              <button
                key={c}
                type="button"
                aria-pressed={filter === c}
                className={filter === c ? "chip on" : "chip"}
                onClick={() => setFilter(c)}
              >
                {c === "all" ? "All" : capabilityLabels[c]}
              </button>
            ))}
          </fieldset>
        ) : null}
      </div>
      {load.error !== undefined || cancelled ? (
        <div>
          {cancelled ? (
            <p className="muted" role="status">
              Stopped fetching the model list. Add ids by hand instead, or try again.
            </p>
          ) : (
            <ErrorNote error={load.error} action={`Could not fetch the model list of ${provider.name}`} />
          )}
          <button type="button" className="button" onClick={() => setGeneration((n) => n + 1)}>
            Retry
          </button>
        </div>
      ) : remote === undefined ? (
        <div className="inline-form">
          <p className="muted" role="status">
            Fetching the model list…
          </p>
          <button type="button" className="button" onClick={cancel}>
            Cancel
          </button>
        </div>
      ) : remote.length === 0 ? (
        <p className="muted">The provider lists no models. Add ids by hand instead.</p>
      ) : (
        <div className="manage-list">
          <p className="muted small" role="status">
            {visible.length} of {remote.length} models shown, {added.size} added.
          </p>
          {groups.map(([group, models]) => {
            const missing = models.filter((m) => !added.has(m.id))
            return (
              <section key={group} className="model-group" aria-label={`Group ${group}`}>
                <header className="model-group-head">
                  <h4>{group}</h4>
                  <span className="muted small">{models.length}</span>
                  {missing.length > 0 ? (
                    <button
                      type="button"
                      className="button small"
                      aria-disabled={change.pending}
                      aria-label={`Add all ${missing.length} models of group ${group}`}
                      onClick={() => changeIdle(missing, [])}
                    >
                      + Add group
                    </button>
                  ) : (
                    <button
                      type="button"
                      className="button small"
                      aria-disabled={change.pending}
                      aria-label={`Remove all models of group ${group}`}
                      onClick={() =>
                        changeIdle(
                          [],
                          models.map((m) => m.id)
                        )
                      }
                    >
                      − Remove group
                    </button>
                  )}
                </header>
                <ul className="model-rows">
                  {models.map((m) => {
                    const isAdded = added.has(m.id)
                    return (
                      <li key={m.id} className={isAdded ? "model-row added" : "model-row"}>
                        <span className="model-row-text">
                          <span className="mono">{m.id}</span>
                          <CapabilityTags value={m.capabilities} />
                        </span>
                        <button
                          type="button"
                          className={isAdded ? "button small" : "button small primary"}
                          aria-disabled={change.pending}
                          aria-label={isAdded ? `Remove ${m.id}` : `Add ${m.id}`}
                          onClick={() => (isAdded ? changeIdle([], [m.id]) : changeIdle([m], []))}
                        >
                          {isAdded ? "− Remove" : "+ Add"}
                        </button>
                      </li>
                    )
                  })}
                </ul>
              </section>
            )
          })}
        </div>
      )}
      <ErrorNote error={change.error} action="Models not changed" />
      <DialogDone onClose={onClose} />
    </Dialog>
  )
}
