/**
 * The left column of Model services: search, the providers in the user's order with an on/off switch each, reorder by
 * drag or by keyboard (Alt+↑/↓ on a row; ↑/↓ move between rows), and the Add button.
 */
import { type KeyboardEvent, useRef, useState } from "react"
import { providerTypeLabels } from "@switchboard/core/domain/ProviderTypes"
import type { ProviderView as Provider } from "@switchboard/core/domain/ProviderView"
import { Switch } from "../shared/Switch"

export interface ProviderListProps {
  readonly providers: ReadonlyArray<Provider>
  readonly selectedId: string | undefined
  readonly onSelect: (id: string) => void
  readonly onToggle: (provider: Provider, enabled: boolean) => void
  /** The whole list in its new order. */
  readonly onReorder: (ids: ReadonlyArray<string>) => void
  readonly onAdd: () => void
}

/** Moves `id` by `offset` places; unchanged when it would leave the list. */
export const moveId = (ids: ReadonlyArray<string>, id: string, offset: number): ReadonlyArray<string> => {
  const from = ids.indexOf(id)
  const to = from + offset
  if (from === -1 || to < 0 || to >= ids.length) return ids
  const next = [...ids]
  next.splice(from, 1)
  next.splice(to, 0, id)
  return next
}

const matches = (provider: Provider, query: string) => {
  const q = query.trim().toLowerCase()
  if (q === "") return true
  return [provider.name, provider.id, provider.baseUrl, providerTypeLabels[provider.type]].some((text) =>
    text.toLowerCase().includes(q)
  )
}

export function ProviderList({ providers, selectedId, onSelect, onToggle, onReorder, onAdd }: ProviderListProps) {
  const [query, setQuery] = useState("")
  const [dragged, setDragged] = useState<string | undefined>(undefined)
  const [dropTarget, setDropTarget] = useState<string | undefined>(undefined)
  const [announcement, setAnnouncement] = useState("")
  const rows = useRef(new Map<string, HTMLButtonElement>())

  const visible = providers.filter((provider) => matches(provider, query))
  // Reordering a filtered view would be ambiguous (where do hidden providers go?), so it needs the full list.
  const canReorder = query.trim() === ""
  const ids = providers.map((p) => p.id)

  const move = (id: string, offset: number) => {
    const next = moveId(ids, id, offset)
    if (next === ids) return
    onReorder(next)
    const name = providers.find((p) => p.id === id)?.name ?? id
    setAnnouncement(`${name} moved to position ${next.indexOf(id) + 1} of ${next.length}`)
    // Focus follows the moved row so repeated Alt+↑ keeps moving it.
    requestAnimationFrame(() => rows.current.get(id)?.focus())
  }

  const onRowKey = (event: KeyboardEvent<HTMLButtonElement>, id: string) => {
    if (event.key !== "ArrowUp" && event.key !== "ArrowDown") return
    event.preventDefault()
    const offset = event.key === "ArrowUp" ? -1 : 1
    if (event.altKey) {
      if (canReorder) move(id, offset)
      else setAnnouncement("Clear the search to reorder providers")
      return
    }
    const index = visible.findIndex((p) => p.id === id)
    const next = visible[index + offset]
    if (next !== undefined) rows.current.get(next.id)?.focus()
  }

  const drop = (targetId: string) => {
    if (dragged === undefined || dragged === targetId) return
    const next = ids.filter((id) => id !== dragged)
    next.splice(ids.indexOf(targetId), 0, dragged)
    onReorder(next)
  }

  return (
    <nav className="provider-list" aria-label="Providers">
      <div className="provider-list-tools">
        <input
          type="search"
          className="input"
          placeholder="Search providers"
          aria-label="Search providers"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
        <button type="button" className="button primary" onClick={onAdd}>
          + Add
        </button>
      </div>
      {providers.length === 0 ? (
        <p className="muted empty">No providers yet. Add one to start — for a local vLLM or Ollama pick its preset.</p>
      ) : visible.length === 0 ? (
        <p className="muted empty">No provider matches “{query}”.</p>
      ) : (
        <ul className="provider-rows">
          {visible.map((provider) => (
            <li
              key={provider.id}
              className={[
                "provider-row",
                provider.id === selectedId ? "selected" : "",
                provider.id === dropTarget ? "drop-target" : "",
                provider.enabled ? "" : "disabled"
              ].join(" ")}
              draggable={canReorder}
              onDragStart={(event) => {
                setDragged(provider.id)
                event.dataTransfer.effectAllowed = "move"
                event.dataTransfer.setData("text/plain", provider.id)
              }}
              onDragOver={(event) => {
                if (dragged === undefined) return
                event.preventDefault()
                setDropTarget(provider.id)
              }}
              onDragLeave={() => setDropTarget((target) => (target === provider.id ? undefined : target))}
              onDrop={(event) => {
                event.preventDefault()
                drop(provider.id)
                setDragged(undefined)
                setDropTarget(undefined)
              }}
              onDragEnd={() => {
                setDragged(undefined)
                setDropTarget(undefined)
              }}
            >
              <button
                type="button"
                className="provider-row-select"
                aria-current={provider.id === selectedId ? "true" : undefined}
                aria-keyshortcuts="Alt+ArrowUp Alt+ArrowDown"
                ref={(element) => {
                  if (element === null) rows.current.delete(provider.id)
                  else rows.current.set(provider.id, element)
                }}
                onClick={() => onSelect(provider.id)}
                onKeyDown={(event) => onRowKey(event, provider.id)}
              >
                <span className="provider-avatar" aria-hidden="true">
                  {provider.name.slice(0, 1).toUpperCase()}
                </span>
                <span className="provider-row-text">
                  <span className="provider-row-name">{provider.name}</span>
                  <span className="provider-row-meta">
                    {providerTypeLabels[provider.type]} · {provider.models.length}{" "}
                    {provider.models.length === 1 ? "model" : "models"}
                  </span>
                </span>
              </button>
              <Switch
                checked={provider.enabled}
                label={`${provider.name} enabled`}
                onChange={(enabled) => onToggle(provider, enabled)}
              />
            </li>
          ))}
        </ul>
      )}
      <p className="muted hint">Drag a row, or press Alt+↑/↓ on it, to reorder.</p>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </nav>
  )
}
