/**
 * Export the configuration to a JSON file and import one back. The server leaves keys out of an export, so the file is
 * safe to share; importing validates the whole file before anything is written.
 */
import { useState } from "react"
import { api } from "../api/client"
import { useAction } from "../hooks/useAction"
import { Dialog } from "./shared/Dialog"
import { ErrorNote } from "./shared/ErrorNote"

export interface ImportExportProps {
  /** After an import the provider list must be read again. */
  readonly onImported: () => void
  readonly onClose: () => void
}

export function ImportExport({ onImported, onClose }: ImportExportProps) {
  const [done, setDone] = useState<string | undefined>(undefined)

  const exportConfig = useAction(async () => {
    const document = await api.exportConfig()
    const blob = new Blob([`${JSON.stringify(document, null, 2)}\n`], { type: "application/json" })
    const url = URL.createObjectURL(blob)
    const link = Object.assign(window.document.createElement("a"), {
      href: url,
      download: `switchboard-${new Date().toISOString().slice(0, 10)}.json`
    })
    link.click()
    URL.revokeObjectURL(url)
    setDone("Exported. API keys are not in the file: add them again after importing elsewhere.")
  })

  const importConfig = useAction(async (file: File) => {
    let document: unknown
    try {
      document = JSON.parse(await file.text())
    } catch {
      throw new Error(`${file.name} is not a JSON file. Choose a file made by Export.`)
    }
    const result = await api.importConfig(document)
    const count = Array.isArray(result) ? result.length : undefined
    setDone(`Imported ${file.name}${count === undefined ? "" : `: ${count} providers`}.`)
    onImported()
  })

  return (
    <Dialog title="Import / export" onClose={onClose}>
      <div className="form">
        <section>
          <h3>Export</h3>
          <p className="muted small">Downloads every provider, its settings and models as JSON — without API keys.</p>
          <button
            type="button"
            className="button"
            disabled={exportConfig.pending}
            onClick={() => void exportConfig.run()}
          >
            {exportConfig.pending ? "Exporting…" : "Export configuration"}
          </button>
          <ErrorNote error={exportConfig.error} action="Export failed" />
        </section>
        <section>
          <h3>Import</h3>
          <p className="muted small">
            Providers with the same id are replaced (keeping their stored keys), others are added. Nothing changes if
            the file has an error.
          </p>
          <input
            type="file"
            accept="application/json,.json"
            aria-label="Configuration file to import"
            onChange={(event) => {
              const file = event.target.files?.[0]
              if (file !== undefined) void importConfig.run(file)
              event.target.value = ""
            }}
          />
          <ErrorNote error={importConfig.error} action="Import failed" />
        </section>
        {done === undefined ? null : (
          <p className="notice" role="status">
            {done}
          </p>
        )}
        <div className="actions">
          <button type="button" className="button primary" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </Dialog>
  )
}
