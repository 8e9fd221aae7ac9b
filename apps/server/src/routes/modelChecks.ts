/**
 * `/api/providers/:id/models-check`: the check of every model × key. `POST` streams it as Server-Sent Events — `start`
 * (`{providerId, total, models, keys, concurrency, timeoutMs}`), a `progress` per result as it finishes
 * (`{done, total, check}`), and `done` (`{total, passed, failed, elapsedMs}`), or `error` — each result stored as it
 * comes; closing the connection cancels the check and aborts the upstream requests still running. `GET` answers the
 * last result of every model × key, and `POST …/remove-failed` removes the models (or keys) those results blame.
 */
import { CheckInput } from "@switchboard/core/domain/ModelCheck"
import { checkEventView, lastChecksView, removedView } from "@switchboard/core/domain/ModelViews"
import { Models } from "@switchboard/core/Models"
import { Effect, Schema, Stream } from "effect"
import { Hono } from "hono"
import type { AppServices } from "../AppServices"
import { jsonBody } from "../Body"
import { restBody } from "../ErrorTable"
import type { Runner } from "../Runner"
import { sse } from "../Sse"

export const CheckBody = CheckInput

/** Which the last results blame: the models no working key passed, or the keys no working model passed with. */
export const RemoveFailedBody = Schema.Struct({ what: Schema.Literal("models", "keys") })

export const modelChecksRoutes = (runner: Runner<AppServices>) =>
  new Hono()
    .post("/:id/models-check", jsonBody(CheckBody, { optional: true }), (c) => {
      const input = c.req.valid("json")
      return runner.stream(c, Stream.unwrap(Effect.map(Models, (models) => models.check(c.req.param("id"), input))), {
        style: "rest",
        // `start` comes once the input and the provider were found: a bad request is still a plain JSON error.
        commitOn: () => true,
        encode: (event) => {
          const { event: name, data } = checkEventView(event)
          return sse(name, data)
        },
        encodeError: (info) => sse("error", restBody(info))
      })
    })
    .get("/:id/models-check", (c) =>
      runner.run(
        c,
        Effect.flatMap(Models, (models) => models.lastChecks(c.req.param("id"))),
        (checks) => c.json(lastChecksView(checks), 200)
      )
    )
    .post("/:id/models-check/remove-failed", jsonBody(RemoveFailedBody), (c) => {
      const { what } = c.req.valid("json")
      const id = c.req.param("id")
      return runner.run(
        c,
        Effect.flatMap(Models, (models) =>
          what === "models" ? models.removeFailedModels(id) : models.removeFailedKeys(id)
        ),
        (removed) => c.json(removedView(removed), 200)
      )
    })
