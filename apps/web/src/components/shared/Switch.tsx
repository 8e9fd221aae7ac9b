/**
 * An on/off switch: a real button with `role="switch"`, so Space and Enter toggle it and screen readers say its state.
 */

export interface SwitchProps {
  readonly checked: boolean
  readonly onChange: (checked: boolean) => void
  /** What the switch turns on, read out with its state ("vLLM, on"). */
  readonly label: string
  readonly disabled?: boolean
}

export function Switch({ checked, onChange, label, disabled = false }: SwitchProps) {
  return (
    <button
      type="button"
      role="switch"
      className="switch"
      aria-checked={checked}
      aria-label={label}
      title={`${label}: ${checked ? "on" : "off"}`}
      disabled={disabled}
      onClick={(event) => {
        // Inside a clickable row the switch must not also select the row.
        event.stopPropagation()
        onChange(!checked)
      }}
    >
      <span className="switch-thumb" aria-hidden="true" />
    </button>
  )
}
