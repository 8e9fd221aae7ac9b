/**
 * One run of the model × key check as the dashboard draws it: what it probes, each result as it finishes, the
 * totals at the end. Cancel aborts the stream, which the server turns into aborting the upstream requests still
 * running; the results that came in before stay shown (and stored).
 */
import { useCallback, useEffect, useRef, useState } from "react"
import { ApiError } from "../api/ApiError"
import { api } from "../api/client"
import type { CheckInput } from "@switchboard/core/domain/ModelCheck"
import type { ModelCheckView as ModelCheck } from "@switchboard/core/domain/ModelViews"

export interface CheckRun {
  readonly status: "running" | "done" | "cancelled" | "failed"
  /** Models × keys; 0 until the server said. */
  readonly total: number
  /** In the order they finished. */
  readonly results: ReadonlyArray<ModelCheck>
  readonly passed?: number
  readonly elapsedMs?: number
  readonly error?: unknown
}

export const useModelCheck = (providerId: string, onEnd: () => void) => {
  const [run, setRun] = useState<CheckRun | undefined>(undefined)
  const controller = useRef<AbortController | undefined>(undefined)
  const onEndRef = useRef(onEnd)
  onEndRef.current = onEnd

  // Closing the dialog mid-run cancels the check: nothing would show its results.
  useEffect(() => () => controller.current?.abort(), [])

  const start = useCallback(
    async (input: CheckInput) => {
      controller.current?.abort()
      const current = new AbortController()
      controller.current = current
      // A run replaced by a newer one says nothing more.
      const update = (change: (run: CheckRun) => CheckRun) => {
        if (controller.current === current) setRun((r) => r && change(r))
      }
      setRun({ status: "running", total: 0, results: [] })
      try {
        for await (const { event, data } of api.models.check(providerId, input, current.signal)) {
          if (event === "start") update((r) => ({ ...r, total: data.total }))
          else if (event === "progress") update((r) => ({ ...r, results: [...r.results, data.check] }))
          else update((r) => ({ ...r, status: "done", passed: data.passed, elapsedMs: data.elapsedMs }))
        }
        // Ended without `done`: cancelled, or the connection was lost before the last result.
        update((r) =>
          r.status !== "running"
            ? r
            : current.signal.aborted
              ? { ...r, status: "cancelled" }
              : {
                  ...r,
                  status: "failed",
                  error: new ApiError(200, "Incomplete", "The check stopped early. Run it again.")
                }
        )
      } catch (error) {
        update((r) => (current.signal.aborted ? { ...r, status: "cancelled" } : { ...r, status: "failed", error }))
      }
      if (controller.current === current) onEndRef.current()
    },
    [providerId]
  )

  const cancel = useCallback(() => controller.current?.abort(), [])
  return { run, start, cancel }
}
