/**
 * Node's own request and response behind a Hono context, when `@hono/node-server` serves the app (not in tests that
 * call `app.request`). The gateway reads its body from them, and the runner watches the response
 * for a client that leaves: the web `Request` the adapter would otherwise build is a copy of the whole request.
 */
import type { HttpBindings } from "@hono/node-server"
import type { Context } from "hono"

export const nodeBindings = (c: Context): HttpBindings | undefined => {
  const env = c.env as Partial<HttpBindings> | undefined
  return env?.incoming === undefined || env.outgoing === undefined
    ? undefined
    : { incoming: env.incoming, outgoing: env.outgoing }
}
