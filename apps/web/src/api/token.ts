/**
 * The server's access token, as the user typed it at sign-in. By default it lives in this tab's sessionStorage (gone
 * when the tab closes); "remember on this device" keeps it in this browser's localStorage instead, until Sign out.
 * It only ever travels as an `Authorization: Bearer` header — never in a URL, where it would end up in logs and
 * browser history.
 */

const storageKey = "switchboard.token"
let memory: string | undefined

const storage = (kind: "sessionStorage" | "localStorage"): Storage | undefined => {
  try {
    return globalThis[kind]
  } catch {
    // Storage can be blocked (privacy settings); memory alone still works for this page's life.
    return undefined
  }
}

export const getToken = (): string | undefined =>
  memory ?? storage("sessionStorage")?.getItem(storageKey) ?? storage("localStorage")?.getItem(storageKey) ?? undefined

/** Keeps the token for this tab, or with `remember` for this browser until sign-out. */
export const setToken = (token: string, remember = false): void => {
  clearToken()
  memory = token
  storage(remember ? "localStorage" : "sessionStorage")?.setItem(storageKey, token)
}

/** Forgets the token everywhere it was kept (sign-out). */
export const clearToken = (): void => {
  memory = undefined
  storage("sessionStorage")?.removeItem(storageKey)
  storage("localStorage")?.removeItem(storageKey)
}
