/**
 * The dashboard's shell: a top bar with the two pages (Model services, Chat), Import/Export, the theme and Sign out,
 * and the sign-in screen whenever the server asks for its token. The page lives in the URL hash so reload and Back keep it.
 */
import { useEffect, useState } from "react"
import { onUnauthenticated } from "./api/client"
import { clearToken, getToken } from "./api/token"
import { ImportExport } from "./components/ImportExport"
import { ErrorBoundary } from "./components/shared/ErrorBoundary"
import { SignIn } from "./components/SignIn"
import { ThemeSwitch } from "./components/ThemeSwitch"
import { useChat } from "./hooks/useChat"
import { useProviders } from "./hooks/useProviders"
import { ChatPage } from "./pages/ChatPage"
import { ModelServicesPage } from "./pages/ModelServicesPage"

type Page = "services" | "chat"

const pageFromHash = (): Page => (globalThis.location?.hash === "#/chat" ? "chat" : "services")

export function App() {
  const [page, setPage] = useState<Page>(pageFromHash)
  const [needsToken, setNeedsToken] = useState(false)
  const [porting, setPorting] = useState(false)
  const providers = useProviders()
  const chat = useChat()

  useEffect(() => onUnauthenticated(() => setNeedsToken(true)), [])
  useEffect(() => {
    const onHash = () => setPage(pageFromHash())
    window.addEventListener("hashchange", onHash)
    return () => window.removeEventListener("hashchange", onHash)
  }, [])

  const go = (next: Page) => {
    setPage(next)
    window.location.hash = next === "chat" ? "#/chat" : "#/"
  }

  if (needsToken)
    return (
      <SignIn
        onSignedIn={() => {
          setNeedsToken(false)
          providers.reload()
        }}
      />
    )

  return (
    <div className={page === "chat" ? "app fits-window" : "app"}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Switchboard</span>
        <nav className="tabs" aria-label="Pages">
          <a href="#/" className="tab" aria-current={page === "services" ? "page" : undefined}>
            Model services
          </a>
          <a href="#/chat" className="tab" aria-current={page === "chat" ? "page" : undefined}>
            Chat
          </a>
        </nav>
        <div className="topbar-actions">
          <button type="button" className="button" onClick={() => setPorting(true)}>
            Import / export
          </button>
          <ThemeSwitch />
          {getToken() === undefined ? null : (
            <button
              type="button"
              className="button"
              onClick={() => {
                chat.stop()
                clearToken()
                setNeedsToken(true)
              }}
            >
              Sign out
            </button>
          )}
        </div>
      </header>
      <ErrorBoundary resetKey={page}>
        {page === "services" ? (
          <ModelServicesPage state={providers} />
        ) : (
          <ChatPage state={providers} chat={chat} onOpenServices={() => go("services")} />
        )}
      </ErrorBoundary>
      {porting ? <ImportExport onImported={providers.reload} onClose={() => setPorting(false)} /> : null}
    </div>
  )
}
