/**
 * Export the configuration to a JSON file and import one back. Without a passphrase the export leaves every key out,
 * so the file is safe to share; with one, keys are included sealed with it (and the same passphrase opens them on
 * import). Importing validates the whole file before anything is written.
 */
import { useState } from "react"
import { api } from "../api/client"
import { useAction } from "../hooks/useAction"
import { Dialog, DialogDone } from "./shared/Dialog"
import { ErrorNote } from "./shared/ErrorNote"

export interface ImportExportProps {
  /** After an import the provider list must be read again. */
  readonly onImported: () => void
  readonly onClose: () => void
}

const download = (document: unknown) => {
  const blob = new Blob([`${JSON.stringify(document, null, 2)}\n`], { type: "application/json" })
  const url = URL.createObjectURL(blob)
  const link = Object.assign(window.document.createElement("a"), {
    href: url,
    download: `switchboard-${new Date().toISOString().slice(0, 10)}.json`
  })
  link.click()
  URL.revokeObjectURL(url)
}

export function ImportExport({ onImported, onClose }: ImportExportProps) {
  const [done, setDone] = useState<string | undefined>(undefined)
  const [exportPassphrase, setExportPassphrase] = useState("")
  const [importPassphrase, setImportPassphrase] = useState("")

  const exportConfig = useAction(async () => {
    const passphrase = exportPassphrase === "" ? undefined : exportPassphrase
    download(await api.exportConfig(passphrase))
    setExportPassphrase("")
    setDone(
      passphrase === undefined
        ? "Exported without API keys: add them again after importing elsewhere."
        : "Exported with the API keys sealed by your passphrase: importing needs the same passphrase."
    )
  })

  const importConfig = useAction(async (file: File) => {
    let document: unknown
    try {
      document = JSON.parse(await file.text())
    } catch {
      throw new Error(`${file.name} is not a JSON file. Choose a file made by Export.`)
    }
    const providers = await api.importConfig(document, importPassphrase === "" ? undefined : importPassphrase)
    setImportPassphrase("")
    setDone(`Imported ${file.name}: ${providers.length} providers now.`)
    onImported()
  })

  return (
    <Dialog title="Import / export" onClose={onClose}>
      <div className="form">
        <section className="form">
          <h3>Export</h3>
          <label className="field">
            <span>
              Passphrase <em className="muted">(optional: include the API keys, sealed with it; 8+ characters)</em>
            </span>
            <input
              className="input"
              type="password"
              autoComplete="new-password"
              value={exportPassphrase}
              onChange={(e) => setExportPassphrase(e.target.value)}
            />
          </label>
          <div>
            <button
              type="button"
              className="button"
              disabled={exportConfig.pending}
              onClick={() => void exportConfig.run()}
            >
              {exportConfig.pending
                ? "Exporting…"
                : exportPassphrase === ""
                  ? "Export without keys"
                  : "Export with keys"}
            </button>
          </div>
          <ErrorNote error={exportConfig.error} action="Export failed" />
        </section>
        <section className="form">
          <h3>Import</h3>
          <p className="muted small">
            Providers with the same id are replaced (keeping their stored keys when the file has none), others are
            added. Nothing changes if the file has an error.
          </p>
          <label className="field">
            <span>
              Passphrase <em className="muted">(only for a file exported with keys)</em>
            </span>
            <input
              className="input"
              type="password"
              autoComplete="off"
              value={importPassphrase}
              onChange={(e) => setImportPassphrase(e.target.value)}
            />
          </label>
          <label className="field">
            <span>Configuration file</span>
            <input
              type="file"
              accept="application/json,.json"
              onChange={(event) => {
                const file = event.target.files?.[0]
                if (file !== undefined) void importConfig.run(file)
                event.target.value = ""
              }}
            />
          </label>
          <ErrorNote error={importConfig.error} action="Import failed" />
        </section>
        {done === undefined ? null : (
          <p className="notice" role="status">
            {done}
          </p>
        )}
        <DialogDone onClose={onClose} label="Close" />
      </div>
    </Dialog>
  )
}
