/**
 * The input line under a list while something new is typed into it (a key, a header, model ids), with the core's
 * problem underneath when the last try was refused.
 */
import type { Editing } from "../../state/DetailState"
import { Field } from "../shared/Field"
import { TextInput } from "../shared/TextInput"

export const EditLine = ({
  label,
  editing,
  masked = false,
  maskFrom,
  placeholder,
  hint
}: {
  readonly label: string
  readonly editing: Editing
  readonly masked?: boolean
  readonly maskFrom?: number | undefined
  readonly placeholder?: string
  readonly hint?: string
}) => (
  <Field label={label} focused error={editing.error} hint={hint} labelWidth={18}>
    <TextInput
      value={editing.value}
      focused
      masked={masked}
      maskFrom={maskFrom}
      {...(placeholder === undefined ? {} : { placeholder })}
    />
  </Field>
)
