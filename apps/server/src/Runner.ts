/**
 * The one place Effect meets Hono. Handlers describe their work as an Effect; the runner runs it on the app's single
 * `ManagedRuntime`, answers a success with the handler's response and a failure through the error table
 * (`ErrorTable.ts`), and ties the fiber to the client: a client that goes away interrupts the fiber, which aborts the
 * upstream request. Streams (SSE) run the same way, with their headers held back until the first event worth
 * committing to, so a failure before any output is still an ordinary HTTP error with the right status, and paced by
 * the client: what it has not read is bounded (`maxUnreadBytes`), so a client that stops reading stops the upstream.
 */
import { Cause, type Chunk, Effect, Exit, Fiber, type ManagedRuntime, Option, Stream } from "effect"
import type { Context } from "hono"
import { errorResponse } from "./ErrorResponse"
import { describe, type ErrorInfo, type ErrorStyle } from "./ErrorTable"
import { ShuttingDown } from "./HttpErrors"
import type { Inflight } from "./Inflight"
import type { Log } from "./Log"
import { nodeBindings } from "./NodeBindings"

export interface StreamOptions<A> {
  /** Headers and the events so far go out at the first event for which this holds (or when the stream ends). */
  readonly commitOn: (event: A) => boolean
  /** One event as wire text (SSE frames); an empty string writes nothing. */
  readonly encode: (event: A) => string
  /** The last frame after a failure once the response is committed. */
  readonly encodeError: (info: ErrorInfo) => string
  /** Written after the last event when the stream ended normally (`data: [DONE]`). */
  readonly trailer?: string
  /** Headers computed when the response is committed (timings). */
  readonly headers?: () => Record<string, string>
  readonly style: ErrorStyle
}

export interface Runner<R> {
  /** Runs `effect` and answers with `respond`, or with the error table's answer for its failure. */
  readonly run: <A, E, Out extends Response>(
    c: Context,
    effect: Effect.Effect<A, E, R>,
    respond: (value: A) => Out | Promise<Out>,
    style?: ErrorStyle
  ) => Promise<Out | ReturnType<typeof errorResponse>>
  /** Answers with a `text/event-stream` of `stream`'s events (see `StreamOptions`). */
  readonly stream: <A, E>(c: Context, stream: Stream.Stream<A, E, R>, options: StreamOptions<A>) => Promise<Response>
}

const encoder = new TextEncoder()

/**
 * Runs `f` on each chunk of `stream` as it arrives, reading through the stream's pull: `Stream.runForEach` and the
 * other `Stream.run*` fork a fiber and stack sink executors per run, a measurable share of a fast gateway request.
 */
export const forEachChunk = <A, E, R>(
  stream: Stream.Stream<A, E, R>,
  f: (chunk: Chunk.Chunk<A>) => void | Effect.Effect<void>
): Effect.Effect<void, E, R> =>
  Effect.scoped(
    Effect.flatMap(Stream.toPull(stream), (pull) => {
      const loop: Effect.Effect<void, E, R> = Effect.matchEffect(pull, {
        onFailure: Option.match({ onNone: () => Effect.void, onSome: Effect.fail }),
        // `f` may ask to wait (the client has not read what was written) before the next chunk is pulled.
        onSuccess: (chunk) => {
          const wait = f(chunk)
          return Effect.isEffect(wait) ? Effect.zipRight(wait, loop) : loop
        }
      })
      return loop
    })
  )

/**
 * Calls `gone` when the client closes the connection before its answer was sent; returns what stops watching. On
 * Node it listens to Node's response: the web request's `signal` would make the server adapter copy the whole request
 * into a web `Request` first.
 */
const onClientGone = (c: Context, gone: () => void): (() => void) => {
  const outgoing = nodeBindings(c)?.outgoing
  if (outgoing === undefined) {
    const signal = c.req.raw.signal
    signal.addEventListener("abort", gone, { once: true })
    return () => signal.removeEventListener("abort", gone)
  }
  const closed = () => {
    if (!outgoing.writableFinished) gone()
  }
  outgoing.once("close", closed)
  return () => outgoing.off("close", closed)
}

/**
 * The failure an exit ended with (a defect is logged, and answered as a 500 by the error table), or `undefined` for
 * an interruption.
 */
export const exitFailure = (
  cause: Cause.Cause<unknown>,
  log: Log,
  request: { readonly method: string; readonly path: string }
): unknown => {
  const failure = Cause.failureOption(cause)
  if (Option.isSome(failure)) return failure.value
  if (Cause.isInterruptedOnly(cause)) return undefined
  // Only the defect's name and the path: its message could quote a request, key included.
  const defect = Cause.squash(cause)
  log("error", "unexpected failure", { ...request, defect: defect instanceof Error ? defect.name : typeof defect })
  return cause
}

/** A client that left gets no answer; this one only satisfies the types of the server adapter. */
const gone = () => new Response(null, { status: 499 })

/**
 * What an SSE response may hold that its client has not read yet. Past it the stream stops pulling, so the upstream
 * request stops being read too (TCP backpressure), as the gateway's relay does: a client that stops reading costs
 * this much, not the whole answer.
 */
export const maxUnreadBytes = 64 * 1024

const sseHeaders = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
  connection: "keep-alive",
  // Proxies such as nginx buffer responses by default, which would hold every token back.
  "x-accel-buffering": "no"
}

export const makeRunner = <R>(
  runtime: ManagedRuntime.ManagedRuntime<R, unknown>,
  inflight: Inflight,
  log: Log
): Runner<R> => {
  const failureOf = (c: Context, cause: Cause.Cause<unknown>) =>
    exitFailure(cause, log, { method: c.req.method, path: c.req.path })

  /**
   * Runs `effect` tied to the request: shutdown stops it (and says so to `onExit`, so the answer can tell), and a
   * client that leaves interrupts it (after `onAbort`). Returns what interrupts it.
   */
  const start = <A, E>(
    c: Context,
    effect: Effect.Effect<A, E, R>,
    onExit: (exit: Exit.Exit<A, unknown>, stopping: boolean) => void,
    onAbort?: () => void
  ) => {
    let stopping = false
    const fiber = runtime.runFork(effect)
    const interrupt = () => {
      runtime.runFork(Fiber.interrupt(fiber))
    }
    const unregister = inflight.add({
      stop: () => {
        stopping = true
        interrupt()
      }
    })
    const aborted = () => {
      onAbort?.()
      interrupt()
    }
    const stopWatching = onClientGone(c, aborted)
    fiber.addObserver((exit) => {
      unregister()
      stopWatching()
      onExit(exit, stopping)
    })
    return interrupt
  }

  // A complete answer can take as long as a stream (a slow model), so shutdown waits for it the same way.
  const run: Runner<R>["run"] = (c, effect, respond, style = "rest") =>
    new Promise((resolve) => {
      start(c, effect, (exit, stopping) => {
        if (Exit.isSuccess(exit)) return resolve(respond(exit.value))
        const error = stopping ? new ShuttingDown() : failureOf(c, exit.cause)
        resolve(error === undefined ? (gone() as never) : errorResponse(c, error, style))
      })
    })

  const stream: Runner<R>["stream"] = (c, source, options) =>
    new Promise<Response>((resolve) => {
      const pending: Array<string> = []
      let controller: ReadableStreamDefaultController<Uint8Array> | undefined
      let cancelled = false
      /** Wakes the stream once the client has read enough; set only while it waits. */
      let demand: (() => void) | undefined

      const write = (text: string) => {
        if (text !== "" && controller !== undefined && !cancelled) controller.enqueue(encoder.encode(text))
      }
      const unreadFits = () => controller === undefined || cancelled || (controller.desiredSize ?? 1) > 0
      const whenRead = Effect.async<void>((resume) => {
        if (unreadFits()) return resume(Effect.void)
        demand = () => resume(Effect.void)
        return Effect.sync(() => {
          demand = undefined
        })
      })
      const commit = () => {
        const body = new ReadableStream<Uint8Array>(
          {
            start: (ctrl) => {
              controller = ctrl
              if (pending.length > 0) ctrl.enqueue(encoder.encode(pending.join("")))
              pending.length = 0
            },
            // The client read some: the stream may go on.
            pull: () => {
              const wake = demand
              demand = undefined
              wake?.()
            },
            cancel: () => {
              // The client went away: stop the fiber, which aborts the upstream request.
              cancelled = true
              interrupt()
            }
          },
          { highWaterMark: maxUnreadBytes, size: (chunk) => chunk.byteLength }
        )
        resolve(new Response(body, { status: 200, headers: { ...sseHeaders, ...options.headers?.() } }))
      }

      // A chunk's frames leave in one write; the next chunk is pulled once the client has room for it.
      const events = forEachChunk(source, (chunk) => {
        let text = ""
        for (const event of chunk) {
          if (controller !== undefined) text += options.encode(event)
          else {
            pending.push(options.encode(event))
            if (options.commitOn(event)) commit()
          }
        }
        write(text)
        return unreadFits() ? undefined : whenRead
      })

      const interrupt = start(
        c,
        events,
        (exit, stopping) => {
          if (cancelled) {
            if (controller === undefined) resolve(gone())
            return
          }
          const error = Exit.isSuccess(exit) ? undefined : stopping ? new ShuttingDown() : failureOf(c, exit.cause)
          if (controller === undefined) {
            if (Exit.isSuccess(exit)) commit()
            else return resolve(error === undefined ? gone() : errorResponse(c, error, options.style))
          }
          if (Exit.isSuccess(exit)) write(options.trailer ?? "")
          else if (error !== undefined) write(options.encodeError(describe(error)))
          controller?.close()
        },
        () => {
          cancelled = true
        }
      )
    })

  return { run, stream }
}
