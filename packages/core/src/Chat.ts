/**
 * Talking to a model: every frontend's chat goes through `Chat.stream`. It checks the request (the provider exists,
 * is enabled and has the model), keeps the conversation (a new one, or the stored history in front of the new
 * messages), streams the answer with key rotation, retries and timeouts (`ChatUpstream`), and times it. The answer
 * is saved when the stream ends, however it ends: complete, failed (partial text and the error) or cancelled by the
 * consumer (partial text, flagged). An answer is held in memory until it is saved, so its size is bounded: one that
 * reaches `maxAnswerChars` ends there the way an answer at the model's own length limit does — what fitted is streamed
 * and saved, the finish reason is `length` (raw `switchboard_answer_limit`) and the stored meta says `cut` — and the
 * upstream request is closed.
 */
import {
  Array as Arr,
  Cause,
  Chunk,
  Context,
  Effect,
  Exit,
  JSONSchema,
  Layer,
  Option,
  ParseResult,
  Schema,
  Stream
} from "effect"
import { shownEndpoints } from "./BaseUrl"
import { type ChatEvent, Finish, ReasoningDelta, TextDelta, type Usage } from "./domain/ChatEvent"
import {
  type AssistantContent,
  type ChatMessage,
  type ChatRequest,
  generationOptions,
  textMessage,
  textOf
} from "./domain/ChatRequest"
import { MessageInput } from "./domain/MessageInput"
import { type ChatOutput, Completed, Started } from "./domain/ChatOutput"
import { openUpstream, type UpstreamPull } from "./internal/ChatUpstream"
import {
  AnswerError,
  AnswerMeta,
  type Conversation,
  type ConversationSettings,
  type ConversationWithMessages,
  titleFrom
} from "./domain/Conversation"
import { conversationSettings, EditInput, RetryInput } from "./domain/ConversationInput"
import { ConversationStore, messageNotFound, type NewMessage, newMessage } from "./ConversationStore"
import { resolveTarget } from "./internal/ChatTarget"
import { modelFacts } from "./domain/ModelFacts"
import { answerCost } from "./domain/ModelPricing"
import { historyOf, lastTarget, turnRequest } from "./internal/ConversationTurn"
import {
  InvalidInput,
  type NotFound,
  type ProviderDisabled,
  type ProviderError,
  type StorageError,
  type UnknownModel
} from "./domain/Errors"
import * as KeyPool from "./KeyPool"
import type { Provider } from "./domain/Provider"
import { ProviderAdapters } from "./ProviderAdapter"
import { decodeInput } from "./domain/ProviderInput"
import { ProviderStore } from "./ProviderStore"
import { measure, type Timing } from "./domain/Timing"

/**
 * The most messages one request may carry. A turn's messages are stored in one batch, but a request's size is what
 * every other request waits behind: 10,000 short messages decode and save in well under a second.
 */
export const maxChatMessages = 10_000

const Messages = Schema.NonEmptyArray(MessageInput)
type Messages = typeof Messages.Encoded

/**
 * Counts the messages before any is decoded: decoding 400,000 of them only to refuse them took two seconds of the
 * event loop. Anything but a too-long list passes on to `Messages`, which says what else is wrong.
 */
const CountedMessages = Schema.declare<Messages, Messages, readonly []>(
  [],
  {
    decode: () => (input, _, ast) =>
      Array.isArray(input) && input.length > maxChatMessages
        ? ParseResult.fail(
            new ParseResult.Type(
              ast,
              input,
              `has more than ${maxChatMessages.toLocaleString("en")} messages; send at most that many in one ` +
                "request (with conversationId the stored history is not sent again)"
            )
          )
        : ParseResult.succeed(input as Messages),
    encode: () => (input) => ParseResult.succeed(input as Messages)
  },
  { jsonSchema: { ...JSONSchema.make(Messages), $schema: undefined, maxItems: maxChatMessages } }
)

/**
 * The most text (answer and reasoning together, in UTF-16 code units) one answer keeps: 1 MiB of characters, far more
 * than any model's output limit, so only a runaway or hostile upstream meets it.
 */
export const maxAnswerChars = 1024 * 1024

/** The raw finish reason of an answer cut at `maxAnswerChars`, shown where a provider's own reason would be. */
export const answerLimitReason = "switchboard_answer_limit"

/** The first `room` code units of `text`, never ending in half of a surrogate pair. */
const fitted = (text: string, room: number): string => {
  const kept = text.slice(0, Math.max(0, room))
  const last = kept.charCodeAt(kept.length - 1)
  return last >= 0xd800 && last <= 0xdbff ? kept.slice(0, -1) : kept
}

/** What a frontend sends to `Chat.stream`; its encoded form is the type `stream` takes, decoded there once. */
export const ChatInput = Schema.Struct({
  /** The provider's id. */
  provider: Schema.String,
  /** A model id registered on the provider. */
  model: Schema.String,
  /** The new messages of this turn, at most `maxChatMessages`; with `conversationId` the stored history goes first. */
  messages: Schema.compose(CountedMessages, Messages),
  conversationId: Schema.optional(Schema.String),
  ...generationOptions,
  // A conversation's settings, kept with a new one and used by its later turns; on a later turn, for that turn only.
  ...conversationSettings
})
export type ChatInput = typeof ChatInput.Encoded

export interface ChatOptions {
  /**
   * `false` answers without saving anything (the OpenAI-compatible gateway: its callers keep their own history). A
   * `conversationId` is then only read, for its history, and `Started` carries no conversation id.
   */
  readonly persist?: boolean
}

/** Every way a chat can end other than `Completed`. */
export type ChatError = InvalidInput | NotFound | ProviderDisabled | UnknownModel | StorageError | ProviderError

export interface ChatService {
  /**
   * Streams one answer to `input` (a `ChatInput`): `Started`, then text/reasoning/usage events, then `Completed`;
   * a failure ends the stream with its error. Interrupting the consumer aborts the upstream request.
   */
  readonly stream: (input: ChatInput, options?: ChatOptions) => Stream.Stream<ChatOutput, ChatError>
  /** Saved conversations, most recently updated first. */
  readonly listConversations: Effect.Effect<ReadonlyArray<Conversation>, StorageError>
  readonly getConversation: (id: string) => Effect.Effect<ConversationWithMessages, NotFound | StorageError>
  readonly removeConversation: (id: string) => Effect.Effect<void, NotFound | StorageError>
  /**
   * Answers the conversation's last user message again (`RetryInput`): what followed it (an answer, a failed one)
   * is dropped first. The last answer's model answers, unless `provider`/`model` name another.
   */
  readonly retry: (conversationId: string, input?: RetryInput) => Stream.Stream<ChatOutput, ChatError>
  /** Edit and resend (`EditInput`): user message `seq` becomes `content`, what followed it is dropped, then it is answered. */
  readonly edit: (conversationId: string, input: EditInput) => Stream.Stream<ChatOutput, ChatError>
}

export class Chat extends Context.Tag("@switchboard/core/Chat")<Chat, ChatService>() {}

/**
 * Constructor option for values built from what was already decoded (the input) or computed here: validating them
 * again on every request and event showed up in profiles of the gateway.
 */
const unchecked = { disableValidation: true } as const

/** A tool call as it arrives: its arguments grow with each `ToolCallDelta`. */
interface ToolCall {
  readonly id: string
  readonly name: string
  readonly arguments: string
  readonly signature: string | undefined
}

/** What has arrived of the answer so far: what is saved when it ends, however it ends. */
interface Answer {
  readonly text: string
  readonly reasoning: string
  /** What closes the reasoning (Anthropic's signature, Gemini's thought signature), and redacted thinking blocks. */
  readonly signature: string | undefined
  readonly redacted: ReadonlyArray<string>
  readonly toolCalls: ReadonlyArray<ToolCall>
  /** The length of every tool call's arguments together, counted against `maxAnswerChars` with the text. */
  readonly argumentChars: number
  readonly usage: Usage | undefined
  readonly finish: Finish | undefined
  readonly firstTokenAt: number | undefined
  /** When `Finish` arrived: the answer's end, even if the adapter took a moment more to close its stream. */
  readonly finishedAt: number | undefined
  /** It reached `maxAnswerChars` and was ended there. */
  readonly cut: boolean
}

const emptyAnswer: Answer = {
  text: "",
  reasoning: "",
  signature: undefined,
  redacted: [],
  toolCalls: [],
  argumentChars: 0,
  usage: undefined,
  finish: undefined,
  firstTokenAt: undefined,
  finishedAt: undefined,
  cut: false
}

const record = (answer: Answer, event: ChatEvent, now: number): Answer => {
  switch (event._tag) {
    case "TextDelta":
      return { ...answer, text: answer.text + event.text, firstTokenAt: answer.firstTokenAt ?? now }
    case "ReasoningDelta":
      return { ...answer, reasoning: answer.reasoning + event.text, firstTokenAt: answer.firstTokenAt ?? now }
    case "ReasoningSignature":
      return {
        ...answer,
        signature: event.signature ?? answer.signature,
        redacted: event.redacted === undefined ? answer.redacted : [...answer.redacted, event.redacted]
      }
    case "ToolCallStart":
      return {
        ...answer,
        toolCalls: [...answer.toolCalls, { id: event.id, name: event.name, arguments: "", signature: event.signature }],
        firstTokenAt: answer.firstTokenAt ?? now
      }
    case "ToolCallDelta": {
      const call = answer.toolCalls[event.index]
      if (call === undefined) return answer
      const toolCalls = answer.toolCalls.slice()
      toolCalls[event.index] = { ...call, arguments: call.arguments + event.arguments }
      return { ...answer, toolCalls, argumentChars: answer.argumentChars + event.arguments.length }
    }
    case "Usage":
      return { ...answer, usage: event }
    case "Finish":
      return { ...answer, finish: event, finishedAt: now }
    case "ToolCallEnd":
    case "ResponseMetadata":
      return answer
  }
}

/** The characters an answer holds, against `maxAnswerChars`. */
const answerChars = (answer: Answer) => answer.text.length + answer.reasoning.length + answer.argumentChars

/**
 * The answer as a message's parts, when it is more than text and reasoning (which `content` and the meta's
 * `reasoning` keep): tool calls, or reasoning signed to be sent back.
 */
const answerParts = (answer: Answer, signedBy: string): ReadonlyArray<AssistantContent> | undefined => {
  if (answer.toolCalls.length === 0 && answer.signature === undefined && answer.redacted.length === 0) return undefined
  return [
    ...(answer.reasoning === "" && answer.signature === undefined
      ? []
      : [
          {
            type: "reasoning" as const,
            text: answer.reasoning,
            ...(answer.signature === undefined ? {} : { signature: answer.signature, signedBy })
          }
        ]),
    ...answer.redacted.map((data) => ({ type: "reasoning" as const, text: "", redacted: data, signedBy })),
    ...(answer.text === "" ? [] : [{ type: "text" as const, text: answer.text }]),
    ...answer.toolCalls.map((call) => ({
      type: "tool-call" as const,
      id: call.id,
      name: call.name,
      arguments: call.arguments,
      ...(call.signature === undefined ? {} : { signature: call.signature, signedBy })
    }))
  ]
}

/** How a failed or cancelled answer's end is stored: the error as frontends show it. */
/** The counts a stored answer keeps: every count the provider gave. */
const usageCounts = ({ _tag, ...counts }: Usage) => counts

const answerError = (cause: Cause.Cause<ChatError>): AnswerError =>
  Option.match(Cause.failureOption(cause), {
    onNone: () => new AnswerError({ tag: "Defect", message: "Switchboard failed unexpectedly; see the log." }),
    onSome: (error) =>
      new AnswerError({
        tag: error._tag,
        ...(error._tag === "ProviderError" ? { reason: error.reason } : {}),
        message: error.message
      })
  })

export const make = Effect.gen(function* () {
  const providers = yield* ProviderStore
  const conversations = yield* ConversationStore
  const adapters = yield* ProviderAdapters
  const pool = yield* KeyPool.KeyPool

  /** Refuses what cannot be answered; returns the provider. */
  const resolve = Effect.fn("Chat.resolve")((providerId: string, modelId: string) =>
    resolveTarget(providers, providerId, modelId)
  )

  /** The conversation this turn belongs to, with the history to send before the new messages. */
  const openConversation = Effect.fn("Chat.openConversation")(function* (
    input: typeof ChatInput.Type,
    provider: Provider
  ) {
    if (input.conversationId === undefined) {
      const created = yield* conversations.create({
        providerId: provider.id,
        modelId: input.model,
        title: titleFrom(input.messages.map((m) => ({ role: m.role, content: textOf(m) }))),
        ...(input.systemPrompt === undefined ? {} : { systemPrompt: input.systemPrompt }),
        ...(input.temperature === undefined ? {} : { temperature: input.temperature }),
        ...(input.maxTokens === undefined ? {} : { maxTokens: input.maxTokens })
      })
      return { id: created.id, settings: created as ConversationSettings, history: [] as ReadonlyArray<ChatMessage> }
    }
    const existing = yield* conversations.get(input.conversationId)
    return { id: existing.id, settings: existing as ConversationSettings, history: historyOf(existing) }
  })

  /** The stored history and settings of `conversationId`, read only. */
  const historyFor = (conversationId: string | undefined) =>
    conversationId === undefined
      ? Effect.succeed({ settings: {} as ConversationSettings, history: [] as ReadonlyArray<ChatMessage> })
      : Effect.map(conversations.get(conversationId), (existing) => ({
          settings: existing as ConversationSettings,
          history: historyOf(existing)
        }))

  /**
   * The answer's stream, `Started` to `Completed`, saved however it ends. One pull walks through it (`Started`, then
   * the upstream's events as they come, then `Completed`): one stream stage where concatenated streams cost several.
   * The upstream request is only sent once `Started` has been taken.
   */
  const answer = (provider: Provider, conversationId: string | undefined, request: ChatRequest, url: string) =>
    Effect.gen(function* () {
      const scope = yield* Effect.scope
      const clock = yield* Effect.clock
      const startedAt = clock.unsafeCurrentTimeMillis()
      // Plain variables, not Refs: only this answer's stream and its finalizer touch them, one after the other.
      let current = emptyAnswer
      let saved = false
      // The model's prices as its facts resolve them (yours, else the catalog's); none known, no cost.
      const pricing = Option.fromNullable(provider.models.find((m) => m.id === request.model)).pipe(
        Option.flatMapNullable((model) => modelFacts(model).pricing?.value)
      )
      const costOf = (usage: Usage | undefined) => {
        const cost = usage === undefined ? undefined : answerCost(usage, Option.getOrUndefined(pricing))
        return cost === undefined ? {} : { cost }
      }

      const meta = (answer: Answer, timing: Timing, end: Partial<Pick<AnswerMeta, "error" | "cancelled">>) =>
        new AnswerMeta({
          providerId: provider.id,
          modelId: request.model,
          ...(answer.usage === undefined ? {} : { usage: usageCounts(answer.usage) }),
          ...costOf(answer.usage),
          timing,
          ...(answer.finish === undefined ? {} : { finishReason: answer.finish.reason }),
          ...(answer.finish?.raw === undefined ? {} : { finishRaw: answer.finish.raw }),
          ...(answer.reasoning === "" ? {} : { reasoning: answer.reasoning }),
          ...(end.error === undefined ? {} : { error: end.error }),
          cancelled: end.cancelled ?? false,
          ...(answer.cut ? { cut: true as const } : {})
        })

      /** Ends the answer: saves it once, whichever end comes first (completion, failure, cancellation). */
      const end = (how: Partial<Pick<AnswerMeta, "error" | "cancelled">>) =>
        Effect.suspend(() => {
          const timing = measure({
            startedAt,
            firstTokenAt: current.firstTokenAt,
            endedAt: current.finishedAt ?? clock.unsafeCurrentTimeMillis(),
            outputTokens: current.usage?.outputTokens,
            generatedText: current.reasoning + current.text
          })
          if (conversationId === undefined || saved) return Effect.succeed(timing)
          saved = true
          const parts = answerParts(current, provider.type)
          return Effect.as(
            conversations.appendMessage(conversationId, {
              role: "assistant",
              content: current.text,
              ...(parts === undefined ? {} : { parts }),
              meta: meta(current, timing, how)
            }),
            timing
          )
        })

      const completed = Effect.map(end({}), (timing) =>
        Chunk.of<ChatOutput>(
          new Completed(
            {
              // An adapter that ended cleanly without naming a reason finished normally; cut streams are errors.
              finishReason: current.finish?.reason ?? "stop",
              ...(current.finish?.raw === undefined ? {} : { raw: current.finish.raw }),
              ...(current.usage === undefined ? {} : { usage: current.usage }),
              ...costOf(current.usage),
              timing
            },
            unchecked
          )
        )
      )

      const shown = (chunk: Chunk.Chunk<ChatEvent>) =>
        Chunk.filter(chunk, (event): event is Exclude<ChatEvent, Finish> => event._tag !== "Finish")

      /** Recorded a chunk at a time, with plain calls: an Effect per event was a large share of a fast answer. */
      const recorded = (chunk: Chunk.Chunk<ChatEvent>): Chunk.Chunk<ChatOutput> => {
        const now = clock.unsafeCurrentTimeMillis()
        let index = 0
        for (const event of chunk) {
          if (
            (event._tag === "TextDelta" || event._tag === "ReasoningDelta") &&
            event.text.length > maxAnswerChars - answerChars(current)
          )
            return cutAt(chunk, index, event, now)
          // Arguments cut in half are no call at all: the answer ends before them.
          if (event._tag === "ToolCallDelta" && event.arguments.length > maxAnswerChars - answerChars(current))
            return cutAt(chunk, index, new TextDelta({ text: "" }, unchecked), now)
          current = record(current, event, now)
          index++
        }
        return shown(chunk)
      }

      /** Ends the answer at `maxAnswerChars`: `event` keeps what fits, nothing after it is read. */
      const cutAt = (
        chunk: Chunk.Chunk<ChatEvent>,
        index: number,
        event: TextDelta | ReasoningDelta,
        now: number
      ): Chunk.Chunk<ChatOutput> => {
        const text = fitted(event.text, maxAnswerChars - answerChars(current))
        const last =
          text === ""
            ? []
            : [
                event._tag === "TextDelta"
                  ? new TextDelta({ text }, unchecked)
                  : new ReasoningDelta({ text }, unchecked)
              ]
        for (const part of last) current = record(current, part, now)
        current = {
          ...current,
          finish: new Finish({ reason: "length", raw: answerLimitReason }, unchecked),
          finishedAt: now,
          cut: true
        }
        step = complete
        return Chunk.appendAll(shown(Chunk.take(chunk, index)), Chunk.unsafeFromArray<ChatOutput>(last))
      }

      type Pull = Effect.Effect<Chunk.Chunk<ChatOutput>, Option.Option<ChatError>>
      const ended: Pull = Effect.fail(Option.none())
      const complete: Pull = Effect.suspend(() => {
        step = ended
        return Effect.mapError(completed, (error) => Option.some<ChatError>(error))
      })
      const events = (upstream: UpstreamPull): Pull =>
        Effect.matchEffect(upstream, {
          onFailure: (error): Pull => (Option.isNone(error) ? complete : Effect.fail(error)),
          onSuccess: (chunk) => Effect.succeed(recorded(chunk))
        })
      const input = { adapter: adapters.get(provider.type), pool, provider, request, url }
      const started = new Started(conversationId === undefined ? { url } : { conversationId, url }, unchecked)
      let step: Pull = Effect.sync(() => {
        step = Effect.flatMap(Effect.mapError(openUpstream(input, scope), Option.some), (upstream) => {
          step = events(upstream)
          return step
        })
        return Chunk.of<ChatOutput>(started)
      })

      return Stream.repeatEffectChunkOption(Effect.suspend(() => step)).pipe(
        // A failure keeps its error; anything else that stops the stream before `Completed` (interruption, or the
        // consumer taking no more) is a cancellation. Either way the partial text is kept.
        Stream.ensuringWith((exit) =>
          end(
            Exit.isFailure(exit) && !Cause.isInterruptedOnly(exit.cause)
              ? { error: answerError(exit.cause) }
              : { cancelled: true }
          ).pipe(Effect.catchAll((error) => Effect.logWarning("Could not save the unfinished answer", error)))
        )
      )
    })

  const stream = (input: ChatInput, options: ChatOptions = {}): Stream.Stream<ChatOutput, ChatError> =>
    Stream.unwrapScoped(
      Effect.gen(function* () {
        const decoded = yield* decodeInput(ChatInput)(input)
        const provider = yield* resolve(decoded.provider, decoded.model)
        const persist = options.persist ?? true
        const conversation = persist
          ? yield* openConversation(decoded, provider)
          : { id: undefined, ...(yield* historyFor(decoded.conversationId)) }
        if (conversation.id !== undefined)
          yield* conversations.appendMessages(conversation.id, decoded.messages.map(newMessage))
        const { provider: _provider, conversationId: _conversation, messages, ...generation } = decoded
        const request = turnRequest(conversation.settings, Arr.appendAll(conversation.history, messages), generation)
        return yield* answer(provider, conversation.id, request, shownEndpoints(provider, decoded.model).chat)
      }).pipe(Effect.withSpan("Chat.stream"))
    )

  /**
   * Answers conversation `id` again once `rewrite` (which returns the first message to drop and what replaces it)
   * has cut it back: the provider is checked first, so a refused answer leaves the conversation as it was.
   */
  const answerAgain = (
    id: string,
    target: RetryInput,
    rewrite: (
      existing: ConversationWithMessages
    ) => Effect.Effect<readonly [fromSeq: number, replacement: ReadonlyArray<NewMessage>], InvalidInput | NotFound>
  ): Stream.Stream<ChatOutput, ChatError> =>
    Stream.unwrapScoped(
      Effect.gen(function* () {
        const existing = yield* conversations.get(id)
        const last = lastTarget(existing)
        const model = target.model ?? last.model
        const provider = yield* resolve(target.provider ?? last.provider, model)
        const [fromSeq, replacement] = yield* rewrite(existing)
        const kept = yield* conversations.replaceFrom(id, fromSeq, replacement)
        const history = historyOf(kept)
        if (!Arr.isNonEmptyReadonlyArray(history))
          return yield* new InvalidInput({ field: "conversationId", problem: "has no message to answer" })
        const request = turnRequest(kept, history, { model })
        return yield* answer(provider, kept.id, request, shownEndpoints(provider, model).chat)
      })
    )

  const retry = (id: string, input: RetryInput = {}): Stream.Stream<ChatOutput, ChatError> =>
    Stream.unwrap(
      Effect.map(decodeInput(RetryInput)(input), (target) =>
        answerAgain(id, target, (existing) => {
          const lastUser = Arr.findLast(existing.messages, (m) => m.role === "user")
          return Option.match(lastUser, {
            onNone: () =>
              Effect.fail(
                new InvalidInput({ field: "conversationId", problem: "has no user message to answer again" })
              ),
            onSome: (message) => Effect.succeed([message.seq + 1, []] as const)
          })
        })
      )
    ).pipe(Stream.withSpan("Chat.retry"))

  const edit = (id: string, input: EditInput): Stream.Stream<ChatOutput, ChatError> =>
    Stream.unwrap(
      Effect.map(decodeInput(EditInput)(input), ({ seq, content, ...target }) =>
        answerAgain(id, target, (existing) => {
          const message = existing.messages.find((m) => m.seq === seq)
          if (message === undefined) return Effect.fail(messageNotFound(id, seq))
          if (message.role !== "user")
            return Effect.fail(
              new InvalidInput({
                field: "seq",
                problem: `names ${message.role === "assistant" ? "an" : "a"} ${message.role} message; only a user message can be edited`
              })
            )
          return Effect.succeed([seq, [newMessage(textMessage("user", content))]] as const)
        })
      )
    ).pipe(Stream.withSpan("Chat.edit"))

  return Chat.of({
    stream,
    listConversations: conversations.list,
    getConversation: conversations.get,
    removeConversation: conversations.remove,
    retry,
    edit
  })
})

/** The chat service; the key pool is the process's one, shared with `Relay`. */
export const layer: Layer.Layer<Chat, never, ProviderStore | ConversationStore | ProviderAdapters | KeyPool.KeyPool> =
  Layer.effect(Chat, make)
