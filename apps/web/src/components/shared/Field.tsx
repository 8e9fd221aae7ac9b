/**
 * A labelled form control with its hint and its error right under it. The control gets `aria-invalid` and
 * `aria-describedby` pointing at the error (and hint), so a screen reader reads the problem with the field — the
 * label, not the API's field path, names what is wrong.
 */
import { type ReactNode, useId } from "react"

/** What a control needs to be tied to its label, hint and error. */
export interface FieldControl {
  readonly id: string
  readonly "aria-invalid": boolean | undefined
  readonly "aria-describedby": string | undefined
}

export interface FieldProps {
  readonly label: ReactNode
  /** The problem with the value, in the user's words; absent when the value is fine. */
  readonly error?: string | undefined
  readonly hint?: ReactNode
  readonly className?: string
  readonly children: (control: FieldControl) => ReactNode
}

export function Field({ label, error, hint, className, children }: FieldProps) {
  const id = useId()
  const hintId = hint === undefined ? undefined : `${id}-hint`
  const errorId = error === undefined ? undefined : `${id}-error`
  const describedBy = [errorId, hintId].filter((x) => x !== undefined).join(" ")
  return (
    <div className={className === undefined ? "field" : `field ${className}`}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        "aria-invalid": error === undefined ? undefined : true,
        "aria-describedby": describedBy === "" ? undefined : describedBy
      })}
      {error === undefined ? null : (
        <span id={errorId} className="field-error">
          {error}
        </span>
      )}
      {hint === undefined ? null : (
        <span id={hintId} className="muted small">
          {hint}
        </span>
      )}
    </div>
  )
}
