/**
 * Reading one 2xx chat answer, the same way for every protocol. A body whose content type is JSON (a server or proxy
 * that ignored the stream flag) is read whole; any other is the stream. Either way the bytes go through one decoding
 * step: text, then the protocol's `AnswerReader`, then one chunk of neutral events per read. A stream stage per
 * concern (text, SSE, JSON, mapping, the end check) cost more than the rest of a fast request; plain function calls
 * inside one step cost next to nothing. A connection cut mid-body is a `Network` error.
 *
 * Once the answer says it is complete, its last events (ending with `Finish`) go out at once, and the rest of the body
 * is read and dropped rather than abandoned: servers end the body right after `[DONE]` or `message_stop`, and reading
 * that end hands the connection back to the pool cleanly, where abandoning the body aborts the request (an error with
 * a stack trace per request, sometimes the kept-alive socket too). `Finish` is always the last event: the core passes
 * the answer on at once and gives that end a moment (`ChatUpstream.finishGraceMs`) before cutting it short.
 */
import type { HttpClientError, HttpClientResponse } from "@effect/platform"
import type { ChatEvent } from "@switchboard/core/domain/ChatEvent"
import type { ProviderError } from "@switchboard/core/domain/Errors"
import type { AnswerReader } from "@switchboard/core/ProviderAdapter"
import { Cause, Channel, Chunk, Stream } from "effect"
import { maxJsonAnswerBytes } from "./BodyLimits"
import { type CallContext, cutMidBody, invalidOutput, tooLarge } from "./Http"
import { makeSseReader, type SseEvent, SseTooLarge } from "./Sse"

export type { AnswerReader }

/**
 * What every SSE protocol's reader shares: body text → SSE events → `read`, one event at a time, until the answer is
 * complete (anything after that is ignored). An event over the size limit is `InvalidOutput`.
 */
export abstract class SseAnswerReader implements AnswerReader {
  private readonly sse = makeSseReader()
  /** Set by `read` when the answer says it is complete. */
  protected done = false

  constructor(
    protected readonly ctx: CallContext,
    protected readonly status: number
  ) {}

  /** Reads one event into `out`; a returned error ends the answer. */
  protected abstract read(event: SseEvent, out: Array<ChatEvent>): ProviderError | undefined
  abstract end(out: Array<ChatEvent>): ProviderError | undefined

  complete(): boolean {
    return this.done
  }

  push(text: string, out: Array<ChatEvent>): ProviderError | undefined {
    const events = this.sse.feed(text)
    if (events instanceof SseTooLarge) return eventTooLarge(this.ctx, events.maxEventSize, this.status)
    for (const event of events) {
      if (this.complete()) return undefined
      const error = this.read(event, out)
      if (error !== undefined) return error
    }
    return undefined
  }
}

/** A protocol's two readings of a 2xx answer. */
export interface AnswerFormat {
  /** The reader of a streamed body. */
  readonly stream: (ctx: CallContext, status: number) => AnswerReader
  /** Reads a whole JSON body into `out`. */
  readonly json: (ctx: CallContext, status: number, body: string, out: Array<ChatEvent>) => ProviderError | undefined
}

/** Keeps the whole body and reads it at the end; a body past `maxJsonAnswerBytes` ends the answer as too large. */
const wholeBody = (
  ctx: CallContext,
  status: number,
  read: (body: string, out: Array<ChatEvent>) => ProviderError | undefined
): AnswerReader => {
  let body = ""
  return {
    push: (text) => {
      body += text
      // Characters, not bytes: a UTF-8 byte is at most one character, so this never cuts an answer within the limit.
      return body.length > maxJsonAnswerBytes ? tooLarge(ctx, "answer", maxJsonAnswerBytes, status) : undefined
    },
    complete: () => false,
    end: (out) => read(body, out)
  }
}

type Decoder = Channel.Channel<
  Chunk.Chunk<ChatEvent>,
  Chunk.Chunk<Uint8Array>,
  ProviderError,
  HttpClientError.ResponseError,
  void,
  unknown
>

/** After completion: bytes are dropped, and the body's end (or a cut, which no longer matters) ends the answer. */
const drain: Decoder = Channel.readWithCause({
  onInput: () => drain,
  onFailure: () => Channel.void,
  onDone: () => Channel.void
})

/** Bytes → events through `reader`: the one decoding step (one channel, where a stream stage each cost more). */
const decode = (makeReader: () => AnswerReader, ctx: CallContext, status: number): Decoder =>
  Channel.suspend(() => {
    const reader = makeReader()
    const text = new TextDecoder()
    const emit = (out: Array<ChatEvent>, next: Decoder): Decoder =>
      out.length === 0 ? next : Channel.zipRight(Channel.write(Chunk.unsafeFromArray(out)), next)
    const close = (out: Array<ChatEvent>, error: ProviderError | undefined, next: Decoder) =>
      emit(out, error === undefined ? next : Channel.fail(error))
    const read: Decoder = Channel.readWithCause({
      onInput: (reads: Chunk.Chunk<Uint8Array>) => {
        const out: Array<ChatEvent> = []
        for (const bytes of reads) {
          const error = reader.push(text.decode(bytes, { stream: true }), out)
          if (error !== undefined) return emit(out, Channel.fail(error))
          if (reader.complete()) return close(out, reader.end(out), drain)
        }
        return emit(out, read)
      },
      onFailure: (cause) => Channel.failCause(Cause.map(cause, (error) => cutMidBody(error, ctx, status))),
      onDone: () => {
        const out: Array<ChatEvent> = []
        return close(out, reader.push(text.decode(), out) ?? reader.end(out), Channel.void)
      }
    })
    return read
  })

/** The reader of a 2xx answer with this content type: JSON is read whole, anything else is the stream. */
export const answerReader = (contentType: string, ctx: CallContext, status: number, format: AnswerFormat) =>
  contentType.toLowerCase().includes("json")
    ? wholeBody(ctx, status, (body, out) => format.json(ctx, status, body, out))
    : format.stream(ctx, status)

/** A 2xx `response` as neutral events; see the module doc. */
export const readAnswer = (
  response: HttpClientResponse.HttpClientResponse,
  ctx: CallContext,
  format: AnswerFormat
): Stream.Stream<ChatEvent, ProviderError> => {
  const contentType = response.headers["content-type"] ?? ""
  const reader = () => answerReader(contentType, ctx, response.status, format)
  return Stream.pipeThroughChannel(response.stream, decode(reader, ctx, response.status))
}

/** An event over the SSE size limit: a broken or hostile upstream, never a real answer. */
export const eventTooLarge = (ctx: CallContext, maxBytes: number, status: number): ProviderError =>
  invalidOutput(ctx, `a stream event exceeded ${maxBytes} bytes`, status)
