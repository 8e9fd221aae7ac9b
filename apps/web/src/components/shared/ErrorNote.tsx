/**
 * An error shown right where it happened, in the server's words (which say what to do next), announced to screen
 * readers as it appears.
 */
import { describeError } from "../../api/ApiError"

export interface ErrorNoteProps {
  readonly error: unknown
  /** Short context ("Could not save the base URL"); the error's own message follows. */
  readonly action?: string
}

export function ErrorNote({ error, action }: ErrorNoteProps) {
  if (error === undefined || error === null) return null
  return (
    <p className="error-note" role="alert">
      {action === undefined ? null : <strong>{action}: </strong>}
      {describeError(error)}
    </p>
  )
}
