/**
 * Model services: the provider list on the left and the selected provider's detail on the right (stacked on a narrow
 * window). Toggle and reorder update the list at once and roll back if the server refuses.
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

  const selected = providers.find((p) => p.id === selectedId) ?? providers[0]

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
          onSelect={setSelectedId}
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
          />
        )}
      </main>
      {adding ? (
        <AddProviderDialog
          onClose={() => setAdding(false)}
          onAdded={(provider) => {
            put(provider)
            setSelectedId(provider.id)
            setAdding(false)
          }}
        />
      ) : null}
    </div>
  )
}
