/**
 * Custom headers sent with every request to a provider, as editable name/value rows. Rows are kept as a list (not a
 * record) while editing so a half-typed or duplicate name does not swallow another row.
 */

export interface HeaderRow {
  readonly name: string
  readonly value: string
}

export const headersToRows = (headers: Readonly<Record<string, string>>): ReadonlyArray<HeaderRow> =>
  Object.entries(headers).map(([name, value]) => ({ name, value }))

/** Rows with an empty name are dropped: they are the blank row the user has not filled in. */
export const rowsToHeaders = (rows: ReadonlyArray<HeaderRow>): Record<string, string> =>
  Object.fromEntries(rows.filter((row) => row.name.trim() !== "").map((row) => [row.name.trim(), row.value]))

export interface HeadersEditorProps {
  readonly rows: ReadonlyArray<HeaderRow>
  readonly onChange: (rows: ReadonlyArray<HeaderRow>) => void
}

export function HeadersEditor({ rows, onChange }: HeadersEditorProps) {
  const set = (index: number, row: HeaderRow) => onChange(rows.map((r, i) => (i === index ? row : r)))
  return (
    <fieldset className="headers">
      <legend>Custom headers</legend>
      {rows.length === 0 ? <p className="muted small">None. Some gateways need one, e.g. an organisation id.</p> : null}
      {rows.map((row, index) => (
        <div className="header-row" key={index}>
          <input
            className="input mono"
            aria-label={`Header ${index + 1} name`}
            placeholder="X-Header-Name"
            value={row.name}
            onChange={(event) => set(index, { ...row, name: event.target.value })}
          />
          <input
            className="input mono"
            aria-label={`Header ${index + 1} value`}
            placeholder="value"
            value={row.value}
            onChange={(event) => set(index, { ...row, value: event.target.value })}
          />
          <button
            type="button"
            className="button small"
            aria-label={`Remove header ${row.name || index + 1}`}
            onClick={() => onChange(rows.filter((_, i) => i !== index))}
          >
            Remove
          </button>
        </div>
      ))}
      <button type="button" className="button small" onClick={() => onChange([...rows, { name: "", value: "" }])}>
        + Header
      </button>
    </fieldset>
  )
}
