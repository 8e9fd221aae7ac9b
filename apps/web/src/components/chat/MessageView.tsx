/**
 * One message of a conversation. Answers render as Markdown (loaded lazily; plain text shows until it arrives), with
 * the model's reasoning folded away, and under each answer its tokens, cost, timing — or why it ended early. Under each
 * message its actions; a question being edited shows as a box to change and resend it.
 */
import { type FormEvent, lazy, Suspense, useDeferredValue, useState } from "react"
import type { AnswerMeta, Message } from "../../hooks/conversations"
import { formatCost } from "@switchboard/core/domain/CostText"
import { ErrorBoundary } from "../shared/ErrorBoundary"
import { MessageActions, type MessageActionsProps } from "./MessageActions"

const Markdown = lazy(() => import("./Markdown"))

export interface MessageViewProps {
  readonly message: Message
  /** This answer is still being written. */
  readonly live: boolean
  readonly onRetry?: MessageActionsProps["onRetry"]
  /** Resends the question as `text`, answered again. */
  readonly onResend?: ((text: string) => void) | undefined
  readonly onDelete?: MessageActionsProps["onDelete"]
}

export function MessageView({ message, live, onRetry, onResend, onDelete }: MessageViewProps) {
  // Re-parsing Markdown on every delta may lag behind a fast stream; deferring keeps typing and Stop responsive.
  const content = useDeferredValue(message.content)
  const [editing, setEditing] = useState(false)
  if (message.role === "user") {
    if (editing && onResend !== undefined)
      return (
        <EditQuestion
          initial={message.content}
          onCancel={() => setEditing(false)}
          onSend={(text) => {
            setEditing(false)
            onResend(text)
          }}
        />
      )
    return (
      <div className="message user">
        {message.images === undefined ? null : (
          <div className="message-images">
            {message.images.map((src, index) => (
              <img key={index} src={src} alt={`Attachment ${index + 1} of the question`} />
            ))}
          </div>
        )}
        <p className="message-text">{message.content}</p>
        <MessageActions
          message={message}
          onEdit={onResend === undefined ? undefined : () => setEditing(true)}
          onDelete={onDelete}
        />
      </div>
    )
  }
  return (
    <div className="message assistant" aria-busy={live}>
      {message.reasoning === undefined ? null : (
        <details className="reasoning">
          <summary>Reasoning</summary>
          <p className="message-text">{message.reasoning}</p>
        </details>
      )}
      {content === "" && live ? <p className="muted typing">Waiting for the first token…</p> : null}
      {/* Markdown that fails to render (or to load) still shows as the plain text it is. */}
      <ErrorBoundary fallback={() => <p className="message-text">{content}</p>}>
        <Suspense fallback={<p className="message-text">{content}</p>}>
          <Markdown text={content} />
        </Suspense>
      </ErrorBoundary>
      <AnswerFooter meta={message.meta} model={message.model} live={live} />
      {live ? null : <MessageActions message={message} onRetry={onRetry} onDelete={onDelete} />}
    </div>
  )
}

/** A question being changed: Enter (or Send) resends it, Escape (or Cancel) keeps it as it was. */
function EditQuestion(props: {
  readonly initial: string
  readonly onSend: (text: string) => void
  readonly onCancel: () => void
}) {
  const [text, setText] = useState(props.initial)
  const submit = (event?: FormEvent) => {
    event?.preventDefault()
    if (text.trim() !== "") props.onSend(text.trim())
  }
  return (
    <form className="message user editing" onSubmit={submit}>
      <textarea
        className="input"
        aria-label="Edit question"
        rows={3}
        // biome-ignore lint/a11y/noAutofocus: Edit was pressed to type here
        autoFocus
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) submit(event)
          else if (event.key === "Escape") props.onCancel()
        }}
      />
      <div className="actions">
        <button type="button" className="button small" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" className="button small primary" disabled={text.trim() === ""}>
          Send again
        </button>
      </div>
    </form>
  )
}

const seconds = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`)

/** "gpt2 · 12 in · 48 out tokens · $0.0042 · first token 120 ms · total 2.3 s · 21.0 tokens/s" */
export const describeMeta = (meta: AnswerMeta | undefined, model: string | undefined): ReadonlyArray<string> => {
  const parts: Array<string> = []
  if (model !== undefined) parts.push(model)
  if (meta?.inputTokens !== undefined || meta?.outputTokens !== undefined)
    parts.push(`${meta?.inputTokens ?? "?"} in · ${meta?.outputTokens ?? "?"} out tokens`)
  if (meta?.cost !== undefined) parts.push(formatCost(meta.cost))
  const timing = meta?.timing
  if (timing?.firstTokenMs !== undefined && timing.firstTokenMs !== null)
    parts.push(`first token ${seconds(timing.firstTokenMs)}`)
  if (timing !== undefined) parts.push(`total ${seconds(timing.totalMs)}`)
  if (timing?.tokensPerSecond !== undefined && timing.tokensPerSecond !== null)
    parts.push(`${timing.tokensEstimated ? "~" : ""}${timing.tokensPerSecond.toFixed(1)} tokens/s`)
  if (meta?.finishReason !== undefined && meta.finishReason !== "stop") parts.push(`ended: ${meta.finishReason}`)
  return parts
}

function AnswerFooter(props: {
  readonly meta: AnswerMeta | undefined
  readonly model?: string | undefined
  readonly live: boolean
}) {
  const { meta, model, live } = props
  return (
    <>
      {meta?.error === undefined ? null : (
        <p className="error-note" role="alert">
          {meta.error}
        </p>
      )}
      <p className="message-meta muted small">
        {describeMeta(meta, model).join(" · ")}
        {meta?.stopped ? " · stopped by you" : ""}
        {live ? " · writing…" : ""}
      </p>
    </>
  )
}
