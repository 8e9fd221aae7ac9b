/**
 * The provider list as the Model services page and the chat picker see it: loaded once, then kept in step with every
 * answer the server gives (each write returns the provider's new state, so no refetch is needed).
 */
import { useCallback, useEffect, useState } from "react"
import { api } from "../api/client"
import type { ProviderView as Provider } from "@switchboard/core/domain/ProviderView"

export interface ProvidersState {
  readonly providers: ReadonlyArray<Provider>
  readonly loading: boolean
  readonly error: unknown
  readonly reload: () => void
  /** Puts a provider the server returned in place (or at the end when new). */
  readonly put: (provider: Provider) => void
  readonly drop: (id: string) => void
  readonly setAll: (providers: ReadonlyArray<Provider>) => void
}

export const useProviders = (): ProvidersState => {
  const [providers, setProviders] = useState<ReadonlyArray<Provider>>([])
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<unknown>(undefined)
  const [generation, setGeneration] = useState(0)

  useEffect(() => {
    const controller = new AbortController()
    setLoading(true)
    api.providers
      .list(controller.signal)
      .then((list) => {
        setProviders(list)
        setError(undefined)
      })
      .catch((cause: unknown) => {
        if (!controller.signal.aborted) setError(cause)
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false)
      })
    return () => controller.abort()
  }, [generation])

  const reload = useCallback(() => setGeneration((n) => n + 1), [])
  const put = useCallback(
    (provider: Provider) =>
      setProviders((list) =>
        list.some((p) => p.id === provider.id)
          ? list.map((p) => (p.id === provider.id ? provider : p))
          : [...list, provider]
      ),
    []
  )
  const drop = useCallback((id: string) => setProviders((list) => list.filter((p) => p.id !== id)), [])
  return { providers, loading, error, reload, put, drop, setAll: setProviders }
}
