/**
 * `/healthz`: health for load balancers and scripts. Unauthenticated, so it says no more than whether the server can
 * serve and, when not, why in a few words: 503 once the database stops answering (within `StoreHealth.timeoutMs`),
 * so a load balancer can take the instance out of rotation; 200 again as soon as it answers.
 */
import { StoreHealth } from "@switchboard/core/StoreHealth"
import { Effect } from "effect"
import { Hono } from "hono"
import type { AppRuntime } from "../AppServices"

const check = Effect.flatMap(StoreHealth, (health) => health.check).pipe(
  Effect.match({
    onSuccess: () => undefined,
    // The reason in words, never the error's detail: that may name the database's host.
    onFailure: (error) => (error.reason === "Unreachable" ? "the database is unreachable" : "the database failed")
  })
)

export const healthRoutes = (runtime: AppRuntime) =>
  new Hono().get("/", async (c) => {
    const problem = await runtime.runPromise(check)
    return problem === undefined
      ? c.json({ status: "ok" as const }, 200)
      : c.json({ status: "unavailable" as const, reason: problem }, 503)
  })
