/**
 * A failed API call, carrying the server's own error (`{"error": {"code", "message", "field"?}}`) or, when the
 * server could not be reached, a network failure — so every place that shows an error can say what to do next.
 */
import type { ErrorBody } from "./types"

export class ApiError extends Error {
  override readonly name = "ApiError"
  constructor(
    /** HTTP status; 0 when the request never got an answer. */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly reason?: string
  ) {
    super(message)
  }

  /**
   * The server asks for its token. A provider that refused its own API key is a 401 too (`provider_error`, with a
   * reason): that is the provider's settings to fix, not the dashboard's token.
   */
  get unauthenticated(): boolean {
    return this.status === 401 && this.code !== "provider_error"
  }

  /** Someone else changed the provider first; reloading fixes it. */
  get conflict(): boolean {
    return this.status === 409 && /revision|changed/i.test(`${this.code} ${this.message}`)
  }

  static async fromResponse(response: Response): Promise<ApiError> {
    const text = await response.text().catch(() => "")
    try {
      const body = JSON.parse(text) as Partial<ErrorBody>
      if (body.error && typeof body.error.message === "string") {
        const { code, message, field, reason } = body.error
        return new ApiError(response.status, code ?? String(response.status), message, field, reason)
      }
    } catch {
      // Not JSON: a proxy or an old server answered. Fall through to a message built from the status.
    }
    return new ApiError(response.status, `HTTP${response.status}`, statusAdvice(response.status, text))
  }

  static network(cause: unknown): ApiError {
    const detail = cause instanceof Error ? cause.message : String(cause)
    return new ApiError(
      0,
      "Network",
      `The Switchboard server did not answer (${detail}). Check that it is still running, then try again.`
    )
  }
}

const statusAdvice = (status: number, text: string): string => {
  const snippet = text.trim().slice(0, 200)
  const base = `The server answered HTTP ${status}${snippet === "" ? "" : `: ${snippet}`}.`
  if (status === 401) return `${base} Sign in with the server's token.`
  if (status >= 500) return `${base} Check the server's log, then try again.`
  return base
}

/** Turns anything thrown into words for the user. */
export const describeError = (error: unknown): string => {
  if (error instanceof ApiError) return error.message
  if (error instanceof Error) return error.message
  return String(error)
}
