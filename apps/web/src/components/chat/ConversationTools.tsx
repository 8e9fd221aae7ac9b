/**
 * The conversation's own tools beside the model picker: its settings, Rename and Export (Markdown or JSON, as the
 * server writes them, saved as a file). A chat not started yet has settings only.
 */
import { useState } from "react"
import { api } from "../../api/client"
import type { ChatState } from "../../hooks/useChat"
import { useAction } from "../../hooks/useAction"
import { ErrorNote } from "../shared/ErrorNote"
import { ConversationSettingsDialog } from "./ConversationSettingsDialog"
import { RenameDialog } from "./RenameDialog"

const extension = { markdown: "md", json: "json" } as const
const mediaType = { markdown: "text/markdown", json: "application/json" } as const

/** Hands `text` to the browser as a file to save. */
const download = (text: string, filename: string, type: string) => {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const link = document.createElement("a")
  link.href = url
  link.download = filename
  link.click()
  URL.revokeObjectURL(url)
}

export function ConversationTools({ chat }: { readonly chat: ChatState }) {
  const [open, setOpen] = useState<"settings" | "rename" | undefined>(undefined)
  const { current } = chat
  const exportAs = useAction(async (format: "markdown" | "json") => {
    if (current.id === undefined) return
    const text = await api.conversations.exportAs(current.id, format)
    const name = (current.title ?? "conversation").replace(/[^\p{L}\p{N}-]+/gu, "-").slice(0, 60)
    download(text, `${name}.${extension[format]}`, mediaType[format])
  })
  const hasSettings = Object.keys(current.settings).length > 0
  return (
    <div className="conversation-tools">
      <button type="button" className="button small" onClick={() => setOpen("settings")}>
        Settings…{hasSettings ? <span className="muted small"> (set)</span> : null}
      </button>
      {current.id === undefined ? null : (
        <>
          <button type="button" className="button small" onClick={() => setOpen("rename")}>
            Rename…
          </button>
          <button type="button" className="button small" onClick={() => void exportAs.run("markdown")}>
            Export Markdown
          </button>
          <button type="button" className="button small" onClick={() => void exportAs.run("json")}>
            Export JSON
          </button>
        </>
      )}
      <ErrorNote error={exportAs.error} action="Not exported" />
      {open === "settings" ? (
        <ConversationSettingsDialog
          settings={current.settings}
          onSave={chat.saveSettings}
          onClose={() => setOpen(undefined)}
        />
      ) : null}
      {open === "rename" ? (
        <RenameDialog title={current.title ?? ""} onRename={chat.rename} onClose={() => setOpen(undefined)} />
      ) : null}
    </div>
  )
}
