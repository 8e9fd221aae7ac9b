/**
 * A number typed as text (so a half-typed "0." is kept as typed), with its label, hint and error as every `Field`.
 */
import { Field } from "./Field"

export interface NumberFieldProps {
  readonly label: string
  readonly value: string
  readonly error: string | undefined
  readonly onChange: (value: string) => void
  readonly hint?: string
  readonly min?: string
  readonly step?: string
}

export function NumberField({ label, value, error, onChange, hint, min = "0", step = "any" }: NumberFieldProps) {
  return (
    <Field label={label} error={error} hint={hint}>
      {(control) => (
        <input
          {...control}
          className="input"
          type="number"
          min={min}
          step={step}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  )
}
