/**
 * CORS for the dashboard only. The built dashboard is served by this server, so it is same-origin and needs no CORS;
 * the allowed origins are the server's own plus any listed in `SWITCHBOARD_DASHBOARD_ORIGIN` (the Vite dev server).
 * Every other origin gets no CORS headers, so browsers keep other sites from calling the API with a user's token.
 */
import type { MiddlewareHandler } from "hono"
import { cors } from "hono/cors"

export const dashboardCors = (origins: ReadonlyArray<string>): MiddlewareHandler => {
  const allowed = new Set(origins.map((origin) => origin.replace(/\/+$/, "")))
  const handler = cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
    allowHeaders: ["Authorization", "Content-Type", "X-Switchboard-Passphrase"],
    exposeHeaders: ["X-Switchboard-Overhead-Ms"],
    maxAge: 600
  })
  // Scripts and SDKs send no Origin: they skip CORS entirely, which keeps the gateway's hot path free of it.
  return (c, next) => (c.req.header("origin") === undefined ? next() : handler(c, next))
}
