/**
 * Runs one streamed answer through the bridge and turns its events into chat actions: `Started` and usage at once,
 * text and reasoning batched (`StreamBuffer`), `Completed` after the last batch, and the end — a failure with its
 * problem, or a cancellation — once the stream stops. An answer is a new turn (`send`), the last one again (`retry`)
 * or an edited message resent (`edit`); all three stream the same events. `cancel` interrupts the stream's fiber,
 * which aborts the upstream request; the core keeps the partial answer, flagged as cancelled. `onSettled` runs once
 * the answer has ended, however it ended, with the conversation it went to.
 */
import type { ChatInput, ChatService } from "@switchboard/core/Chat"
import type { ChatOutput } from "@switchboard/core/domain/ChatOutput"
import { Effect, Stream } from "effect"
import { type Dispatch, useCallback, useEffect, useRef } from "react"
import type { Running } from "../runtime/Bridge"
import { useBridge } from "../runtime/BridgeContext"
import { chat } from "../runtime/Core"
import type { ChatAction } from "./ChatState"
import { StreamBuffer } from "./StreamBuffer"

/** What the transcript shows while the answer comes: the user's new message, or nothing new (a retry). */
export type Asked = { readonly content: string } | undefined

export const useChatStream = (
  dispatch: Dispatch<ChatAction>,
  onSettled: (conversationId: string | undefined) => void
) => {
  const bridge = useBridge()
  const running = useRef<{ readonly fiber: Running; readonly buffer: StreamBuffer } | undefined>(undefined)
  const settled = useRef(onSettled)
  settled.current = onSettled

  const answer = useCallback(
    (asked: Asked, stream: (c: ChatService) => Stream.Stream<ChatOutput, unknown>) => {
      if (running.current !== undefined) return
      dispatch({ _tag: "Sent", content: asked?.content })
      let conversationId: string | undefined
      const buffer = new StreamBuffer((batch) => dispatch({ _tag: "Deltas", ...batch }))
      const onEvent = (event: ChatOutput) => {
        switch (event._tag) {
          case "Started":
            conversationId = event.conversationId
            return dispatch({ _tag: "Started", conversationId: event.conversationId, url: event.url })
          case "TextDelta":
            return buffer.push("text", event.text)
          case "ReasoningDelta":
            return buffer.push("reasoning", event.text)
          case "Usage":
            return dispatch({ _tag: "Usage", inputTokens: event.inputTokens, outputTokens: event.outputTokens })
          case "Completed":
            buffer.flush()
            return dispatch({ _tag: "Completed", completed: event })
        }
      }
      const fiber = bridge.fork(
        chat((c) => Stream.runForEach(stream(c), (event) => Effect.sync(() => onEvent(event)))),
        (outcome) => {
          running.current = undefined
          buffer.flush()
          if (!outcome.ok) dispatch({ _tag: "Ended", problem: outcome.problem })
          settled.current(conversationId)
        }
      )
      running.current = { fiber, buffer }
    },
    [bridge, dispatch]
  )

  /** A new turn: `input` is the `ChatInput` (with the conversation's settings when it starts one). */
  const send = useCallback((content: string, input: ChatInput) => answer({ content }, (c) => c.stream(input)), [answer])

  /** The conversation's last user message answered again, by the chosen model; what followed it goes. */
  const retry = useCallback(
    (conversationId: string, provider: string, model: string) =>
      answer(undefined, (c) => c.retry(conversationId, { provider, model })),
    [answer]
  )

  /** User message `seq` replaced by `content` and answered; what followed it goes. */
  const edit = useCallback(
    (conversationId: string, seq: number, content: string, provider: string, model: string) =>
      answer({ content }, (c) => c.edit(conversationId, { seq, content, provider, model })),
    [answer]
  )

  const cancel = useCallback(() => running.current?.fiber.cancel(), [])

  // Leaving the screen stops the answer too: nobody is reading it, and the upstream should not keep generating.
  useEffect(
    () => () => {
      running.current?.buffer.dispose()
      running.current?.fiber.cancel()
    },
    []
  )

  return { send, retry, edit, cancel }
}
