/**
 * The message box: Enter sends, Shift+Enter adds a line; while an answer streams the Send button becomes Stop
 * (Escape stops too). The text is the conversation's draft, held by the chat state so it outlives this page.
 */
import type { FormEvent, KeyboardEvent } from "react"

export interface ComposerProps {
  readonly text: string
  readonly onText: (text: string) => void
  readonly streaming: boolean
  readonly disabledReason: string | undefined
  readonly onSend: (text: string) => void
  readonly onStop: () => void
}

export function Composer({ text, onText, streaming, disabledReason, onSend, onStop }: ComposerProps) {
  const canSend = !streaming && disabledReason === undefined && text.trim() !== ""

  const submit = (event?: FormEvent) => {
    event?.preventDefault()
    if (!canSend) return
    onSend(text.trim())
    onText("")
  }
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault()
      submit()
    } else if (event.key === "Escape" && streaming) {
      event.preventDefault()
      onStop()
    }
  }

  return (
    <form className="composer" onSubmit={submit}>
      <textarea
        className="input"
        rows={3}
        aria-label="Message"
        placeholder={disabledReason ?? "Ask something (Enter to send, Shift+Enter for a new line)"}
        value={text}
        onChange={(event) => onText(event.target.value)}
        onKeyDown={onKeyDown}
      />
      {streaming ? (
        <button type="button" className="button danger" onClick={onStop}>
          ■ Stop
        </button>
      ) : (
        <button type="submit" className="button primary" disabled={!canSend}>
          Send
        </button>
      )}
    </form>
  )
}
