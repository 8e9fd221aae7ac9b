/**
 * The server's access token, as the user typed it at sign-in. It lives in this tab's sessionStorage (gone when the
 * tab closes) and in memory, and only ever travels as an `Authorization: Bearer` header — never in a URL, where it
 * would end up in logs and browser history.
 */

const storageKey = "switchboard.token"
let memory: string | undefined

const storage = (): Storage | undefined => {
  try {
    return globalThis.sessionStorage
  } catch {
    // Storage can be blocked (privacy settings); memory alone still works for this page's life.
    return undefined
  }
}

export const getToken = (): string | undefined => memory ?? storage()?.getItem(storageKey) ?? undefined

export const setToken = (token: string): void => {
  memory = token
  storage()?.setItem(storageKey, token)
}

export const clearToken = (): void => {
  memory = undefined
  storage()?.removeItem(storageKey)
}
