/**
 * A delete that asks first, in place: the button turns into the question with Keep (focused, the safe default) and
 * the delete itself. Keep or Escape puts focus back on the button. Every delete in the dashboard goes through it, as
 * the TUI and the CLI ask before deleting too.
 */
import { type ReactNode, useEffect, useRef, useState } from "react"

export interface ConfirmButtonProps {
  /** The button's accessible name ("Delete gpt2"); the confirming button says it too. */
  readonly label: string
  /** What the button shows ("Delete", "×"). */
  readonly children: ReactNode
  /** The question, naming what goes ("Delete model gpt2?"). */
  readonly question: string
  /** What the confirming button shows, where the label is too long for the place ("Delete"); the label by default. */
  readonly confirmText?: string
  readonly onConfirm: () => void
  readonly disabled?: boolean
  readonly className?: string
}

export function ConfirmButton(props: ConfirmButtonProps) {
  const { label, children, question, confirmText = label, onConfirm, disabled = false } = props
  const className = props.className ?? "button small danger-text"
  const [asking, setAsking] = useState(false)
  const [refocus, setRefocus] = useState(false)
  const trigger = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    if (!refocus) return
    trigger.current?.focus()
    setRefocus(false)
  }, [refocus])

  const keep = () => {
    setAsking(false)
    setRefocus(true)
  }

  if (!asking)
    return (
      <button
        ref={trigger}
        type="button"
        className={className}
        aria-label={label}
        disabled={disabled}
        onClick={() => setAsking(true)}
      >
        {children}
      </button>
    )
  return (
    <fieldset
      className="confirm-inline"
      aria-label={question}
      onKeyDown={(event) => {
        if (event.key !== "Escape") return
        // Inside a dialog, Escape answers the question rather than closing the dialog.
        event.preventDefault()
        event.stopPropagation()
        keep()
      }}
    >
      <span className="small">{question}</span>
      {/* biome-ignore lint/a11y/noAutofocus: focus must move into the question; keeping is the safe default */}
      <button type="button" className="button small" autoFocus onClick={keep}>
        Keep
      </button>
      <button
        type="button"
        className="button small danger"
        aria-label={label}
        onClick={() => {
          setAsking(false)
          onConfirm()
        }}
      >
        {confirmText}
      </button>
    </fieldset>
  )
}
