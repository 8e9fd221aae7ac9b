/**
 * Test helpers shared by the Anthropic and Gemini adapter tests: running a chat stream to its end and summing it up
 * (joined text and reasoning, every usage and finish, and the error it ended with, so a test can assert the events
 * that came before a failure as well as the failure itself), the tool calls and signatures of its events, a port
 * nothing listens on, and the HTTP status the recorded README gives a JSON file.
 */
import * as Fs from "node:fs"
import * as Net from "node:net"
import * as Path from "node:path"
import type { ChatEvent, Finish, Usage } from "@switchboard/core/domain/ChatEvent"
import type { ProviderError } from "@switchboard/core/domain/Errors"
import { Effect, Either, Stream } from "effect"
import { recordedDir } from "@switchboard/testing/Recorded"

export interface Collected {
  readonly events: ReadonlyArray<ChatEvent>
  readonly text: string
  readonly reasoning: string
  readonly usages: ReadonlyArray<Usage>
  readonly finishes: ReadonlyArray<Finish>
  readonly error: ProviderError | undefined
}

export const collect = <R>(stream: Stream.Stream<ChatEvent, ProviderError, R>): Effect.Effect<Collected, never, R> =>
  Effect.gen(function* () {
    const events: Array<ChatEvent> = []
    const result = yield* stream.pipe(
      Stream.runForEach((event) => Effect.sync(() => events.push(event))),
      Effect.either
    )
    return {
      events,
      text: events.flatMap((event) => (event._tag === "TextDelta" ? [event.text] : [])).join(""),
      reasoning: events.flatMap((event) => (event._tag === "ReasoningDelta" ? [event.text] : [])).join(""),
      usages: events.filter((event): event is Usage => event._tag === "Usage"),
      finishes: events.filter((event): event is Finish => event._tag === "Finish"),
      error: Either.isLeft(result) ? result.left : undefined
    }
  })

export interface CollectedCall {
  readonly id: string
  readonly name: string
  /** The argument pieces joined. */
  readonly arguments: string
  /** Whether a `ToolCallEnd` closed it. */
  readonly ended: boolean
}

/**
 * The tool calls of `events`, in order, each call's pieces joined by its index. A piece or end for an index no start
 * opened fails the test.
 */
export const toolCalls = (events: ReadonlyArray<ChatEvent>): ReadonlyArray<CollectedCall> => {
  const calls = new Map<number, { id: string; name: string; arguments: string; ended: boolean }>()
  const open = (index: number) => {
    const call = calls.get(index)
    if (call === undefined || call.ended) throw new Error(`a tool call event for index ${index}, which is not open`)
    return call
  }
  for (const event of events) {
    if (event._tag === "ToolCallStart") {
      if (calls.has(event.index)) throw new Error(`tool call index ${event.index} started twice`)
      calls.set(event.index, { id: event.id, name: event.name, arguments: "", ended: false })
    }
    if (event._tag === "ToolCallDelta") open(event.index).arguments += event.arguments
    if (event._tag === "ToolCallEnd") open(event.index).ended = true
  }
  return [...calls.entries()].sort(([a], [b]) => a - b).map(([, call]) => call)
}

/** The `signature`s of the `ReasoningSignature` events, joined. */
export const signatures = (events: ReadonlyArray<ChatEvent>): string =>
  events.flatMap((event) => (event._tag === "ReasoningSignature" && event.signature ? [event.signature] : [])).join("")

/** A port nothing listens on: a server is started on port 0 and closed again. */
export const closedPort: Effect.Effect<number> = Effect.async<number>((resume) => {
  const probe = Net.createServer()
  probe.listen(0, "127.0.0.1", () => {
    const { port } = probe.address() as Net.AddressInfo
    probe.close(() => resume(Effect.succeed(port)))
  })
})

/**
 * The status a recorded JSON file is replayed with: the README's fmt column (`JSON (404)`), read from the README
 * itself so the expectation is not typed again here.
 */
export const readmeStatus = (file: string): number => {
  const readme = Fs.readFileSync(Path.join(recordedDir, "README.md"), "utf8")
  const name = Path.basename(file)
  const row = readme.split("\n").find((line) => line.startsWith(`| \`${name}\``))
  const status = row?.match(/\| JSON \((\d{3})\) \|\s*$/)?.[1]
  if (status === undefined) throw new Error(`recorded/README.md gives no JSON status for ${file}`)
  return Number(status)
}
