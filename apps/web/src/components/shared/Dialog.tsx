/**
 * A modal dialog on the native `<dialog>` element: the browser traps focus and closes on Escape, so keyboard users get
 * that without a library. Focus starts in the first field (not on ×), and goes back to what opened the dialog when it
 * goes: React removes the element rather than calling `close()`, so the browser's own restoring never happens.
 */
import { type ReactNode, useEffect, useRef } from "react"

export interface DialogProps {
  readonly title: string
  readonly onClose: () => void
  readonly children: ReactNode
  /** Wider dialogs for lists (Manage models). */
  readonly wide?: boolean
}

export function Dialog({ title, onClose, children, wide = false }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const onCloseRef = useRef(onClose)
  onCloseRef.current = onClose

  useEffect(() => {
    const dialog = ref.current
    if (dialog === null) return
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : undefined
    // jsdom (component tests) has no showModal; an open attribute renders the same content there. StrictMode runs
    // this twice on one element, so open only a closed dialog.
    if (typeof dialog.showModal === "function") {
      if (!dialog.open) dialog.showModal()
    } else
      dialog.setAttribute("open", "")
      // A field marked `data-autofocus` first (the Name of a new provider), else the first field.
    ;(
      dialog.querySelector<HTMLElement>("[data-autofocus]") ??
      dialog.querySelector<HTMLElement>("input, select, textarea")
    )?.focus()
    // Escape fires `cancel`: close through the parent so React stays the owner of whether the dialog exists.
    const cancel = (event: Event) => {
      event.preventDefault()
      onCloseRef.current()
    }
    dialog.addEventListener("cancel", cancel)
    // No close() on cleanup: unmounting removes the element (and its modal state), and a close() here would fire a
    // late `close` event into the next mount.
    return () => {
      dialog.removeEventListener("cancel", cancel)
      if (opener?.isConnected) opener.focus()
    }
  }, [])

  const titleId = `dialog-title-${title.replace(/\W+/g, "-").toLowerCase()}`
  return (
    <dialog ref={ref} className={wide ? "dialog dialog-wide" : "dialog"} aria-labelledby={titleId}>
      <header className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-button" aria-label="Close" onClick={() => onCloseRef.current()}>
          ×
        </button>
      </header>
      {children}
    </dialog>
  )
}

/** The last row of a dialog that saves as it goes: one button that closes it ("Done", or "Close"). */
export function DialogDone({ onClose, label = "Done" }: { readonly onClose: () => void; readonly label?: string }) {
  return (
    <div className="actions">
      <button type="button" className="button primary" onClick={onClose}>
        {label}
      </button>
    </div>
  )
}
