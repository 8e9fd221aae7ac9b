/**
 * The base URL field of a provider (new or stored), with what happens to the URL for its type said under it.
 */
import type { ReactNode } from "react"
import type { ProviderType } from "@switchboard/core/domain/ProviderTypes"
import { baseUrlHint } from "../../lib/providerFields"
import { Field } from "../shared/Field"

export interface BaseUrlFieldProps {
  readonly type: ProviderType
  readonly value: string
  readonly onChange: (value: string) => void
  readonly error: string | undefined
  readonly label?: ReactNode
  readonly placeholder?: string
}

export function BaseUrlField({ type, value, onChange, error, label = "Base URL", placeholder }: BaseUrlFieldProps) {
  return (
    <Field label={label} error={error} hint={baseUrlHint[type]}>
      {(control) => (
        <input
          {...control}
          className="input mono"
          type="url"
          inputMode="url"
          spellCheck={false}
          placeholder={placeholder}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  )
}
