/**
 * The message box: Enter sends, Shift+Enter adds a line; while an answer streams the Send button becomes Stop
 * (Escape stops too). For a model with the vision capability, images join the message by Attach, paste or drop, each
 * within the server's bounds or refused with the reason. Text and images are the conversation's draft, held by the
 * chat state so they outlive this page.
 */
import { type ClipboardEvent, type DragEvent, type FormEvent, type KeyboardEvent, useRef, useState } from "react"
import type { Draft } from "../../hooks/useChat"
import { dataUrl, imageProblem, imageTypes, readImage } from "../../lib/images"

export interface ComposerProps {
  readonly draft: Draft
  readonly onDraft: (draft: Draft) => void
  readonly streaming: boolean
  readonly disabledReason: string | undefined
  /** The chosen model, and whether it takes images. */
  readonly model: { readonly name: string; readonly vision: boolean } | undefined
  readonly onSend: (draft: Draft) => void
  readonly onStop: () => void
}

export function Composer({ draft, onDraft, streaming, disabledReason, model, onSend, onStop }: ComposerProps) {
  const [refusal, setRefusal] = useState<string | undefined>(undefined)
  const picker = useRef<HTMLInputElement>(null)
  const latest = useRef(draft)
  latest.current = draft
  const text = draft.text.trim()
  const unsendableImages = draft.images.length > 0 && model?.vision !== true
  const canSend =
    !streaming && disabledReason === undefined && (text !== "" || draft.images.length > 0) && !unsendableImages

  const submit = (event?: FormEvent) => {
    event?.preventDefault()
    if (!canSend) return
    onSend({ text, images: draft.images })
    onDraft({ text: "", images: [] })
    setRefusal(undefined)
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

  /** Adds the images among `files`, one by one, and says why any other is left out. */
  const attach = async (files: ReadonlyArray<File>) => {
    if (files.length === 0) return
    if (model?.vision !== true) {
      setRefusal(
        `${model?.name ?? "This model"} does not take images. Choose a model with the vision capability (or mark this one in Model services).`
      )
      return
    }
    const problems: Array<string> = []
    for (const file of files) {
      const problem = imageProblem(file, latest.current.images)
      if (problem !== undefined) {
        problems.push(problem)
        continue
      }
      try {
        const image = await readImage(file)
        // Each file adds to what the last added to, not to the draft this render saw.
        latest.current = { ...latest.current, images: [...latest.current.images, image] }
        onDraft(latest.current)
      } catch (cause) {
        problems.push(cause instanceof Error ? cause.message : String(cause))
      }
    }
    setRefusal(problems.length === 0 ? undefined : problems.join(" "))
  }
  const onPaste = (event: ClipboardEvent) => {
    const files = [...event.clipboardData.files]
    if (files.length === 0) return
    event.preventDefault()
    void attach(files)
  }
  const onDrop = (event: DragEvent) => {
    if (event.dataTransfer.files.length === 0) return
    event.preventDefault()
    void attach([...event.dataTransfer.files])
  }

  return (
    <form className="composer" onSubmit={submit} onDragOver={(event) => event.preventDefault()} onDrop={onDrop}>
      {draft.images.length === 0 && refusal === undefined ? null : (
        <div className="attachments">
          {draft.images.map((image, index) => (
            <figure key={`${image.name}-${index}`} className="attachment">
              <img src={dataUrl(image)} alt={image.name} />
              <button
                type="button"
                className="icon-button"
                aria-label={`Remove image ${image.name}`}
                onClick={() => onDraft({ ...draft, images: draft.images.filter((_, i) => i !== index) })}
              >
                ×
              </button>
            </figure>
          ))}
          {unsendableImages ? (
            <p className="field-error">
              {model?.name ?? "This model"} does not take images: remove them or choose another model.
            </p>
          ) : null}
          {refusal === undefined ? null : (
            <p className="field-error" role="alert">
              {refusal}
            </p>
          )}
        </div>
      )}
      <div className="composer-row">
        <textarea
          className="input"
          rows={3}
          aria-label="Message"
          placeholder={disabledReason ?? "Ask something (Enter to send, Shift+Enter for a new line)"}
          value={draft.text}
          onChange={(event) => onDraft({ ...draft, text: event.target.value })}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
        />
        {model?.vision ? (
          <>
            <input
              ref={picker}
              type="file"
              accept={imageTypes.join(",")}
              multiple
              hidden
              aria-label="Image files"
              onChange={(event) => {
                void attach([...(event.target.files ?? [])])
                event.target.value = ""
              }}
            />
            <button
              type="button"
              className="button"
              title="Attach images (or paste or drop them here)"
              onClick={() => picker.current?.click()}
            >
              Attach image
            </button>
          </>
        ) : null}
        {streaming ? (
          <button type="button" className="button danger" onClick={onStop}>
            ■ Stop
          </button>
        ) : (
          <button type="submit" className="button primary" disabled={!canSend}>
            Send
          </button>
        )}
      </div>
    </form>
  )
}
