/**
 * The actions under one message: Copy; on a question Edit (which resends it) and on the last answer Retry (also
 * after a failed one); Delete, once asked. A message the server has not numbered yet (while its answer streams)
 * offers Copy only.
 */
import { useState } from "react"
import type { Message } from "../../hooks/conversations"
import { ConfirmButton } from "../shared/ConfirmButton"

export interface MessageActionsProps {
  readonly message: Message
  /** Absent where the action does not apply. */
  readonly onRetry?: (() => void) | undefined
  readonly onEdit?: (() => void) | undefined
  readonly onDelete?: (() => void) | undefined
}

export function MessageActions({ message, onRetry, onEdit, onDelete }: MessageActionsProps) {
  const [copied, setCopied] = useState(false)
  const what = message.role === "user" ? "question" : "answer"
  return (
    <div className="message-actions">
      <button
        type="button"
        className="button small"
        aria-label={`Copy ${what}`}
        onClick={() => {
          void navigator.clipboard?.writeText(message.content).then(() => {
            setCopied(true)
            setTimeout(() => setCopied(false), 1500)
          })
        }}
      >
        {copied ? "Copied" : "Copy"}
      </button>
      {onEdit === undefined ? null : (
        <button type="button" className="button small" onClick={onEdit}>
          Edit
        </button>
      )}
      {onRetry === undefined ? null : (
        <button type="button" className="button small" onClick={onRetry}>
          Retry
        </button>
      )}
      {onDelete === undefined ? null : (
        <ConfirmButton
          label={`Delete ${what}`}
          question={`Delete this ${what}?`}
          confirmText="Delete"
          onConfirm={onDelete}
        >
          Delete
        </ConfirmButton>
      )}
    </div>
  )
}
