/**
 * The app factory: the whole HTTP surface as one Hono app, built from the app's runtime and settings. `/api/*` is the
 * REST API (one sub-app per resource), `/v1/*` the OpenAI-compatible gateway, both behind the bearer token and the
 * dashboard-only CORS policy; `/healthz`, `/openapi.json` and `/docs` are public; everything else is the dashboard.
 * Tests call `makeApp(...).request(...)` in-process; `main.ts` puts it on a socket.
 */
import { Hono } from "hono"
import type { AppRuntime } from "./AppServices"
import { bearerAuth } from "./Auth"
import { dashboardCors } from "./Cors"
import { errorResponse } from "./ErrorResponse"
import { gatewayStyle } from "./gateway/entries"
import { gatewayRoutes } from "./gateway/gateway"
import { RouteNotFound } from "./HttpErrors"
import { type Inflight, makeInflight } from "./Inflight"
import { type Log, silentLog } from "./Log"
import { docsHeaders, docsPage } from "./openapi/DocsPage"
import { openApiDocument } from "./openapi/document"
import { requestLog } from "./RequestLog"
import { makeRunner } from "./Runner"
import { chatRoutes } from "./routes/chat"
import { exportRoutes, importRoutes } from "./routes/config"
import { conversationsRoutes } from "./routes/conversations"
import { healthRoutes } from "./routes/health"
import { modelChecksRoutes } from "./routes/modelChecks"
import { modelsRoutes } from "./routes/models"
import { presetsRoutes } from "./routes/presets"
import { providersRoutes } from "./routes/providers"
import { urlsRoutes } from "./routes/urls"
import { dashboardRoutes } from "./web/Dashboard"

export interface AppOptions {
  readonly runtime: AppRuntime
  /** The bearer token every `/api/*` and `/v1/*` request must carry. */
  readonly token: string
  readonly log?: Log
  /** Open streams, for graceful shutdown; `main.ts` shares it with the server. */
  readonly inflight?: Inflight
  /** The built dashboard (`apps/web/dist`). */
  readonly webRoot: string
  /** Origins a browser may call the API from (the dashboard's). */
  readonly allowedOrigins?: ReadonlyArray<string>
  readonly version?: string
}

export const makeApp = (options: AppOptions) => {
  const log = options.log ?? silentLog
  const inflight = options.inflight ?? makeInflight()
  const runner = makeRunner(options.runtime, inflight, log)
  const cors = dashboardCors(options.allowedOrigins ?? [])
  const openApi = openApiDocument(options.version ?? "0.1.0")

  const api = new Hono()
    .route("/providers", providersRoutes(runner))
    .route("/providers", modelsRoutes(runner))
    .route("/providers", modelChecksRoutes(runner))
    .route("/urls", urlsRoutes())
    .route("/chat", chatRoutes(runner))
    .route("/conversations", conversationsRoutes(runner))
    .route("/export", exportRoutes(runner))
    .route("/import", importRoutes(runner))
    .route("/presets", presetsRoutes())
    .all("*", (c) => errorResponse(c, new RouteNotFound({ method: c.req.method, path: c.req.path }), "rest"))

  const gateway = gatewayRoutes(runner, inflight).all("*", (c) =>
    errorResponse(c, new RouteNotFound({ method: c.req.method, path: c.req.path }), gatewayStyle(c.req.path))
  )

  const app = new Hono()
  app.use(requestLog(log))
  app.use(
    "/api/*",
    cors,
    bearerAuth(options.token, () => "rest")
  )
  app.use("/v1/*", cors, bearerAuth(options.token, gatewayStyle, { apiKeyHeader: true }))
  app.onError((error, c) => {
    // Reached only by a bug (handlers answer their failures); the answer hides the details, the log keeps the kind.
    log("error", "unhandled error", { method: c.req.method, path: c.req.path, error: error.name })
    return errorResponse(c, error, c.req.path.startsWith("/v1/") ? gatewayStyle(c.req.path) : "rest")
  })
  app.notFound((c) => errorResponse(c, new RouteNotFound({ method: c.req.method, path: c.req.path }), "rest"))

  const routes = app
    .route("/api", api)
    .route("/v1", gateway)
    .route("/healthz", healthRoutes(options.runtime))
    .get("/openapi.json", (c) => c.json(openApi, 200))
    .get("/docs", (c) => c.html(docsPage, 200, docsHeaders))
  routes.route("/", dashboardRoutes(options.webRoot))
  return routes
}

/** The app's type, for the dashboard's typed client (`hc<AppType>`). */
export type AppType = ReturnType<typeof makeApp>
