/**
 * The Show / Hide toggle of a secret field (API keys): hidden by default, so a key is not on screen while it is shared
 * or recorded, and shown on demand to check a paste.
 */

export interface ShowHideProps {
  readonly shown: boolean
  readonly onChange: (shown: boolean) => void
  /** What is shown or hidden, for the accessible name ("the key"). */
  readonly what: string
}

export function ShowHide({ shown, onChange, what }: ShowHideProps) {
  return (
    <button
      type="button"
      className="link-button"
      aria-pressed={shown}
      aria-label={`Show ${what}`}
      onClick={() => onChange(!shown)}
    >
      {shown ? "Hide" : "Show"}
    </button>
  )
}
