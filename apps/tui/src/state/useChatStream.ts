/**
 * Runs one streamed answer through the bridge and turns its events into chat actions: `Started` and usage at once,
 * text and reasoning batched (`StreamBuffer`), `Completed` after the last batch, and the end — a failure with its
 * problem, or a cancellation — once the stream stops. `cancel` interrupts the stream's fiber, which aborts the
 * upstream request; the core keeps the partial answer, flagged as cancelled.
 */
import type { ChatInput } from "@switchboard/core/Chat"
import type { ChatOutput } from "@switchboard/core/domain/ChatOutput"
import { Effect, Stream } from "effect"
import { type Dispatch, useCallback, useEffect, useRef } from "react"
import type { Running } from "../runtime/Bridge"
import { useBridge } from "../runtime/BridgeContext"
import { chat } from "../runtime/Core"
import type { ChatAction } from "./ChatState"
import { StreamBuffer } from "./StreamBuffer"

export interface ChatTurn {
  readonly provider: string
  readonly model: string
  readonly content: string
  readonly conversationId: string | undefined
}

export const useChatStream = (dispatch: Dispatch<ChatAction>) => {
  const bridge = useBridge()
  const running = useRef<{ readonly fiber: Running; readonly buffer: StreamBuffer } | undefined>(undefined)

  const send = useCallback(
    (turn: ChatTurn) => {
      if (running.current !== undefined) return
      dispatch({ _tag: "Sent", content: turn.content })
      const buffer = new StreamBuffer((batch) => dispatch({ _tag: "Deltas", ...batch }))
      const onEvent = (event: ChatOutput) => {
        switch (event._tag) {
          case "Started":
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
      const input: ChatInput = {
        provider: turn.provider,
        model: turn.model,
        messages: [{ role: "user", content: turn.content }],
        ...(turn.conversationId === undefined ? {} : { conversationId: turn.conversationId })
      }
      const fiber = bridge.fork(
        chat((c) => Stream.runForEach(c.stream(input), (event) => Effect.sync(() => onEvent(event)))),
        (outcome) => {
          running.current = undefined
          buffer.flush()
          if (!outcome.ok) dispatch({ _tag: "Ended", problem: outcome.problem })
        }
      )
      running.current = { fiber, buffer }
    },
    [bridge, dispatch]
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

  return { send, cancel }
}
