/**
 * Model services: the provider list on the left and the selected provider's detail on the right (stacked on a narrow
 * window). Toggle and reorder update the list at once and roll back if the server refuses. Opening another provider
 * while this one's connection settings hold unsaved edits asks first, rather than dropping them.
 */
import { useState } from "react"
import { api } from "../api/client"
import type { ProviderView as Provider } from "@switchboard/core/domain/ProviderView"
import { AddProviderDialog } from "../components/providers/AddProviderDialog"
import { ProviderDetail } from "../components/providers/ProviderDetail"
import { ProviderList } from "../components/providers/ProviderList"
import { ErrorNote } from "../components/shared/ErrorNote"
import type { ProvidersState } from "../hooks/useProviders"

export interface ModelServicesPageProps {
  readonly state: ProvidersState
}

export function ModelServicesPage({ state }: ModelServicesPageProps) {
  const { providers, loading, error, put, drop, setAll, reload } = state
  const [selectedId, setSelectedId] = useState<string | undefined>(undefined)
  const [adding, setAdding] = useState(false)
  const [listError, setListError] = useState<unknown>(undefined)
  const [toggleError, setToggleError] = useState<{ id: string; error: unknown } | undefined>(undefined)
  const [unsaved, setUnsaved] = useState(false)
  /** The provider the user asked for while edits were unsaved: shown once they say what to do with the edits. */
  const [leavingFor, setLeavingFor] = useState<string | undefined>(undefined)

  const selected = providers.find((p) => p.id === selectedId) ?? providers[0]
  const select = (id: string) => {
    if (unsaved && id !== selected?.id) setLeavingFor(id)
    else setSelectedId(id)
  }
  const discardAndGo = () => {
    setUnsaved(false)
    setSelectedId(leavingFor)
    setLeavingFor(undefined)
  }

  const toggle = async (provider: Provider, enabled: boolean) => {
    setToggleError(undefined)
    put({ ...provider, enabled })
    try {
      put(await api.providers.update(provider.id, { enabled }))
    } catch (cause) {
      put(provider)
      setToggleError({ id: provider.id, error: cause })
    }
  }

  const reorder = async (ids: ReadonlyArray<string>) => {
    const before = providers
    const byId = new Map(providers.map((p) => [p.id, p]))
    setAll(ids.map((id) => byId.get(id)).filter((p): p is Provider => p !== undefined))
    setListError(undefined)
    try {
      await api.providers.reorder(ids)
    } catch (cause) {
      setAll(before)
      setListError(cause)
    }
  }

  return (
    <div className="services">
      <div className="services-list">
        <ProviderList
          providers={providers}
          selectedId={selected?.id}
          onSelect={select}
          onToggle={(provider, enabled) => void toggle(provider, enabled)}
          onReorder={(ids) => void reorder(ids)}
          onAdd={() => setAdding(true)}
        />
        <ErrorNote error={listError} action="Order not saved" />
        {toggleError !== undefined && toggleError.id !== selected?.id ? (
          <ErrorNote error={toggleError.error} action={`Could not switch ${toggleError.id}`} />
        ) : null}
      </div>
      <main className="services-detail" id="main">
        {error !== undefined ? (
          <div>
            <ErrorNote error={error} action="Providers could not be loaded" />
            <button type="button" className="button" onClick={reload}>
              Retry
            </button>
          </div>
        ) : loading && providers.length === 0 ? (
          <p className="muted" role="status">
            Loading providers…
          </p>
        ) : selected === undefined ? (
          <div className="welcome">
            <h2>Set up your first provider</h2>
            <p>
              Add OpenAI, Anthropic, Gemini or Azure with a key, or a self-hosted OpenAI-compatible server such as vLLM
              or Ollama (no key needed). Then check it, pick its models, and chat.
            </p>
            <button type="button" className="button primary" onClick={() => setAdding(true)}>
              + Add provider
            </button>
          </div>
        ) : (
          <>
            {leavingFor === undefined ? null : (
              <UnsavedNotice name={selected.name} onKeep={() => setLeavingFor(undefined)} onDiscard={discardAndGo} />
            )}
            <ProviderDetail
              key={selected.id}
              provider={selected}
              onChange={put}
              onDeleted={(id) => {
                drop(id)
                setSelectedId(undefined)
              }}
              onToggle={(provider, enabled) => void toggle(provider, enabled)}
              toggleError={toggleError?.id === selected.id ? toggleError.error : undefined}
              onDirty={setUnsaved}
            />
          </>
        )}
      </main>
      {adding ? (
        <AddProviderDialog
          takenIds={providers.map((p) => p.id)}
          onClose={() => setAdding(false)}
          onAdded={(provider) => {
            put(provider)
            select(provider.id)
            setAdding(false)
          }}
        />
      ) : null}
    </div>
  )
}

/** Asks what to do with unsaved connection edits before another provider is shown. */
function UnsavedNotice(props: { readonly name: string; readonly onKeep: () => void; readonly onDiscard: () => void }) {
  return (
    <div className="confirm" role="alertdialog" aria-labelledby="unsaved-heading" aria-describedby="unsaved-text">
      <p id="unsaved-heading">
        <strong>Unsaved changes</strong>
      </p>
      <p id="unsaved-text">
        The connection settings of {props.name} have changes that are not saved. Save them below, or discard them to
        open the other provider.
      </p>
      <div className="actions">
        {/* biome-ignore lint/a11y/noAutofocus: focus must move into the question; keeping the edits is the safe default */}
        <button type="button" className="button" autoFocus onClick={props.onKeep}>
          Keep editing
        </button>
        <button type="button" className="button danger" onClick={props.onDiscard}>
          Discard changes
        </button>
      </div>
    </div>
  )
}
