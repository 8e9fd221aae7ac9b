/**
 * The exact URLs requests will go to, shown while the base URL is typed: the rules live on the server (one module in
 * the core), so the preview asks it rather than guessing here.
 */
import { useEffect, useState } from "react"
import { previewUrls, type UrlSettings } from "../../api/client"
import type { Endpoints } from "@switchboard/core/BaseUrl"
import { ErrorNote } from "../shared/ErrorNote"

export interface UrlPreviewProps {
  /** Absent for a provider being added. */
  readonly providerId: string | undefined
  readonly settings: UrlSettings
  /** Debounce so a request is not sent per keystroke. */
  readonly delayMs?: number
}

export function UrlPreview({ providerId, settings, delayMs = 250 }: UrlPreviewProps) {
  const [endpoints, setEndpoints] = useState<Endpoints | undefined>(undefined)
  const [error, setError] = useState<unknown>(undefined)
  const { type, baseUrl, apiVersion } = settings

  useEffect(() => {
    const controller = new AbortController()
    const timer = setTimeout(() => {
      previewUrls(providerId, { type, baseUrl, ...(apiVersion === undefined ? {} : { apiVersion }) }, controller.signal)
        .then((result) => {
          setEndpoints(result)
          setError(undefined)
        })
        .catch((cause: unknown) => {
          if (!controller.signal.aborted) setError(cause)
        })
    }, delayMs)
    return () => {
      clearTimeout(timer)
      controller.abort()
    }
  }, [providerId, type, baseUrl, apiVersion, delayMs])

  return (
    <div className="url-preview" aria-live="polite">
      <span className="muted small">Requests will go to</span>
      {error !== undefined ? (
        <ErrorNote error={error} />
      ) : endpoints === undefined ? (
        <span className="muted small">…</span>
      ) : (
        <dl>
          <dt>Chat</dt>
          <dd>
            <code>{endpoints.chat}</code>
          </dd>
          <dt>Models</dt>
          <dd>
            <code>{endpoints.models}</code>
          </dd>
        </dl>
      )}
    </div>
  )
}
