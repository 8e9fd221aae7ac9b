/**
 * Catches a rendering error below it so one broken part shows a message (or a fallback) instead of blanking the whole
 * dashboard. React offers this only as a class component.
 */
import { Component, type ReactNode } from "react"

export interface ErrorBoundaryProps {
  readonly children: ReactNode
  /** What to show instead; by default a message with a Reload button. */
  readonly fallback?: (error: Error) => ReactNode
  /** Changing it (e.g. the page shown) clears the error and tries again. */
  readonly resetKey?: unknown
}

interface State {
  readonly error: Error | undefined
  readonly resetKey: unknown
}

export class ErrorBoundary extends Component<ErrorBoundaryProps, State> {
  override state: State = { error: undefined, resetKey: this.props.resetKey }

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error: error instanceof Error ? error : new Error(String(error)) }
  }

  static getDerivedStateFromProps(props: ErrorBoundaryProps, state: State): Partial<State> | null {
    return props.resetKey === state.resetKey ? null : { error: undefined, resetKey: props.resetKey }
  }

  override render() {
    const { error } = this.state
    if (error === undefined) return this.props.children
    if (this.props.fallback) return this.props.fallback(error)
    return (
      <div className="error-note" role="alert">
        <p>
          <strong>This part of the dashboard failed:</strong> {error.message}
        </p>
        <p>Reload the page to try again. If it happens again, the server's log and the browser console say more.</p>
        <button type="button" className="button" onClick={() => window.location.reload()}>
          Reload
        </button>
      </div>
    )
  }
}
