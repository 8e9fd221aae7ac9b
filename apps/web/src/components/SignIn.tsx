/**
 * Sign-in, shown when the server answers 401: the user pastes the token the server printed at start (or its
 * SWITCHBOARD_TOKEN). The token is checked with one request before the app continues, so a typo is caught here.
 */
import { type FormEvent, useState } from "react"
import { api } from "../api/client"
import { clearToken, setToken } from "../api/token"
import { useAction } from "../hooks/useAction"
import { ErrorNote } from "./shared/ErrorNote"

export function SignIn({ onSignedIn }: { readonly onSignedIn: () => void }) {
  const [token, setTokenDraft] = useState("")
  const [remember, setRemember] = useState(false)
  const signIn = useAction(async () => {
    setToken(token.trim(), remember)
    try {
      await api.providers.list()
    } catch (cause) {
      clearToken()
      throw cause
    }
    setTokenDraft("")
    onSignedIn()
  })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void signIn.run()
  }
  return (
    <main className="sign-in" id="main">
      <form className="form card" onSubmit={submit}>
        <h1>Sign in to Switchboard</h1>
        <p className="muted">
          This server needs its access token. It was printed when the server started, and is stored in the server's data
          directory (or set with <code>SWITCHBOARD_TOKEN</code>).
        </p>
        <label className="field">
          <span>Token</span>
          <input
            className="input mono"
            type="password"
            autoComplete="current-password"
            // biome-ignore lint/a11y/noAutofocus: the only thing to do on this screen
            autoFocus
            value={token}
            onChange={(event) => setTokenDraft(event.target.value)}
          />
        </label>
        <label className="check">
          <input type="checkbox" checked={remember} onChange={(event) => setRemember(event.target.checked)} />
          <span>
            Remember on this device
            <span className="muted small">
              {remember
                ? " — the token stays in this browser's local storage until you sign out. Only on a computer you alone use."
                : " — otherwise it is kept in this tab's session storage and forgotten when the tab closes."}
            </span>
          </span>
        </label>
        <ErrorNote error={signIn.error} action="Not signed in" />
        <button type="submit" className="button primary" disabled={signIn.pending || token.trim() === ""}>
          {signIn.pending ? "Checking…" : "Sign in"}
        </button>
      </form>
    </main>
  )
}
