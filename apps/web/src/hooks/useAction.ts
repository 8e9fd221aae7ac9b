/**
 * One user action's life: pending while it runs, its error kept beside the control that started it (so errors show
 * where they happen), cleared on the next try. Results after unmount are dropped.
 */
import { useCallback, useEffect, useRef, useState } from "react"

export interface Action<Args extends ReadonlyArray<unknown>> {
  /** Resolves to true when the action succeeded; never rejects. */
  readonly run: (...args: Args) => Promise<boolean>
  readonly pending: boolean
  readonly error: unknown
  readonly clearError: () => void
}

export const useAction = <Args extends ReadonlyArray<unknown>>(
  action: (...args: Args) => Promise<unknown>
): Action<Args> => {
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  const mounted = useRef(true)
  const latest = useRef(action)
  latest.current = action

  useEffect(() => {
    mounted.current = true
    return () => {
      mounted.current = false
    }
  }, [])

  const run = useCallback(async (...args: Args) => {
    setPending(true)
    setError(undefined)
    try {
      await latest.current(...args)
      return true
    } catch (cause) {
      if (mounted.current) setError(cause)
      return false
    } finally {
      if (mounted.current) setPending(false)
    }
  }, [])

  const clearError = useCallback(() => setError(undefined), [])
  return { run, pending, error, clearError }
}
