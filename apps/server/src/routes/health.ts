/**
 * `/healthz`: liveness for load balancers and scripts. Unauthenticated and free of detail, so it tells an
 * outsider nothing but that the server answers.
 */
import { Hono } from "hono"

export const healthRoutes = () => new Hono().get("/", (c) => c.json({ status: "ok" as const }, 200))
