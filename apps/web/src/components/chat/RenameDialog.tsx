/**
 * Renames a conversation: one line of at most 80 characters (the server's rule), shown in every frontend's list.
 */
import { type FormEvent, useState } from "react"
import { useAction } from "../../hooks/useAction"
import { serverFieldError } from "../../lib/fieldErrors"
import { Dialog } from "../shared/Dialog"
import { ErrorNote } from "../shared/ErrorNote"
import { Field } from "../shared/Field"

/** The core's `maxTitleLength`. */
const maxTitleLength = 80

export function RenameDialog(props: {
  readonly title: string
  readonly onRename: (title: string) => Promise<void>
  readonly onClose: () => void
}) {
  const [title, setTitle] = useState(props.title)
  const save = useAction(async () => {
    await props.onRename(title.trim())
    props.onClose()
  })
  const length = Array.from(title.trim()).length
  const problem =
    length === 0
      ? "Title is empty; give the conversation a title."
      : length > maxTitleLength
        ? `Title has ${length} characters; at most ${maxTitleLength}.`
        : undefined
  const refused = serverFieldError(save.error, { title: "title" })?.title
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (problem === undefined) void save.run()
  }
  return (
    <Dialog title="Rename conversation" onClose={props.onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <Field label="Title" error={problem ?? refused}>
          {(control) => (
            <input {...control} className="input" value={title} onChange={(event) => setTitle(event.target.value)} />
          )}
        </Field>
        {refused === undefined ? <ErrorNote error={save.error} action="Not renamed" /> : null}
        <div className="actions">
          <button type="button" className="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={save.pending || problem !== undefined}>
            {save.pending ? "Renaming…" : "Rename"}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
