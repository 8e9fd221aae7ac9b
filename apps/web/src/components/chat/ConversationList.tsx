/**
 * The chat page's side list: New chat, a search over titles and text (the server's), then the saved conversations
 * newest first (shared with the TUI), each deletable once asked.
 */
import type { ConversationSummary } from "../../api/types"
import { ConfirmButton } from "../shared/ConfirmButton"

export interface ConversationListProps {
  readonly conversations: ReadonlyArray<ConversationSummary>
  readonly currentId: string | undefined
  readonly onSelect: (id: string | undefined) => void
  readonly onDelete: (id: string) => void
  readonly disabled: boolean
  readonly query: string
  readonly onSearch: (query: string) => void
}

export function ConversationList(props: ConversationListProps) {
  const { conversations, currentId, onSelect, onDelete, disabled, query, onSearch } = props
  return (
    <nav className="conversations" aria-label="Conversations">
      <button type="button" className="button primary" disabled={disabled} onClick={() => onSelect(undefined)}>
        + New chat
      </button>
      <input
        type="search"
        className="input"
        aria-label="Search conversations"
        placeholder="Search conversations"
        value={query}
        onChange={(event) => onSearch(event.target.value)}
      />
      {conversations.length > 0 ? null : query.trim() === "" ? (
        <p className="muted small">Your conversations will be listed here.</p>
      ) : (
        <p className="muted small">No conversation holds “{query.trim()}”.</p>
      )}
      <ul>
        {conversations.map((c) => (
          <li key={c.id} className={c.id === currentId ? "conversation selected" : "conversation"}>
            <button
              type="button"
              className="conversation-select"
              aria-current={c.id === currentId ? "true" : undefined}
              disabled={disabled}
              onClick={() => onSelect(c.id)}
            >
              <span className="conversation-title">{c.title}</span>
              <span className="muted small">{c.modelId}</span>
            </button>
            <ConfirmButton
              className="icon-button"
              label={`Delete conversation ${c.title}`}
              question="Delete?"
              confirmText="Delete"
              disabled={disabled}
              onConfirm={() => onDelete(c.id)}
            >
              ×
            </ConfirmButton>
          </li>
        ))}
      </ul>
    </nav>
  )
}
