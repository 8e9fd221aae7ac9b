/**
 * Chat: the conversation list on the side, the model picker on top, the answers, and the message box. Picking a
 * conversation also picks the model it used, when that model is still available; when it is not (its provider is
 * off or gone, or the model was removed), the page says so and which model answers instead.
 */
import { useEffect, useRef, useState } from "react"
import { chatProviders, type ModelChoice, ModelPicker } from "../components/chat/ModelPicker"
import { Composer } from "../components/chat/Composer"
import { ConversationList } from "../components/chat/ConversationList"
import { ConversationTools } from "../components/chat/ConversationTools"
import { MessageView } from "../components/chat/MessageView"
import { ErrorNote } from "../components/shared/ErrorNote"
import type { ChatState } from "../hooks/useChat"
import type { ProvidersState } from "../hooks/useProviders"
import type { ProviderView as Provider } from "@switchboard/core/domain/ProviderView"

export interface ChatPageProps {
  readonly state: ProvidersState
  /** Held by the app, so an answer and the drafts outlive this page. */
  readonly chat: ChatState
  readonly onOpenServices: () => void
}

export function ChatPage({ state, chat, onOpenServices }: ChatPageProps) {
  const [choice, setChoice] = useState<ModelChoice | undefined>(undefined)
  const bottom = useRef<HTMLDivElement>(null)
  const usable = chatProviders(state.providers)
  const available = (c: ModelChoice | undefined) =>
    c !== undefined && usable.some((p) => p.id === c.providerId && p.models.some((m) => m.id === c.modelId))

  // Default to the first usable model; follow the shown conversation's model when it can still be used.
  const { current, refresh } = chat
  useEffect(refresh, [])
  useEffect(() => {
    const fromConversation =
      current.providerId === undefined || current.modelId === undefined
        ? undefined
        : { providerId: current.providerId, modelId: current.modelId }
    if (available(fromConversation)) setChoice(fromConversation)
    else if (!available(choice)) {
      const first = usable[0]
      const model = first?.models[0]
      setChoice(first && model ? { providerId: first.id, modelId: model.id } : undefined)
    }
  }, [current.id, state.providers])

  const lastContent = current.messages.at(-1)?.content.length
  useEffect(() => {
    // A block body on purpose: newer browsers return a promise from scrollIntoView, and an effect must not return one.
    bottom.current?.scrollIntoView?.({ block: "end" })
  }, [current.id, lastContent])

  const chosenModel = usable.find((p) => p.id === choice?.providerId)?.models.find((m) => m.id === choice?.modelId)
  const disabledReason =
    usable.length === 0
      ? "No enabled provider with a model yet: set one up in Model services."
      : choice === undefined
        ? "Choose a model first."
        : undefined

  return (
    <div className="chat">
      <aside className="chat-side">
        <ConversationList
          conversations={chat.conversations}
          currentId={current.id}
          onSelect={chat.select}
          onDelete={chat.remove}
          query={chat.query}
          onSearch={chat.search}
          disabled={chat.streaming}
        />
      </aside>
      <main className="chat-main" id="main">
        <div className="chat-toolbar">
          <ModelPicker providers={state.providers} value={choice} onChange={setChoice} disabled={chat.streaming} />
          <ConversationTools chat={chat} />
          {usable.length === 0 && !state.loading ? (
            <button type="button" className="button" onClick={onOpenServices}>
              Open Model services
            </button>
          ) : null}
        </div>
        <UnavailableNotice
          providers={state.providers}
          providerId={current.id === undefined ? undefined : current.providerId}
          modelId={current.modelId}
          choice={choice}
          onOpenServices={onOpenServices}
        />
        <ErrorNote error={state.error} action="Providers could not be loaded" />
        <ErrorNote error={chat.error} action="Conversations" />
        <div className="messages">
          {current.messages.length === 0 ? (
            <p className="muted empty">Start a conversation: pick a model and type below.</p>
          ) : (
            current.messages.map((message, index) => {
              const last = index === current.messages.length - 1
              // Changing the history waits for the answer being written, and for the server's message numbers.
              const idle = !chat.streaming && message.seq !== undefined && choice !== undefined
              return (
                <MessageView
                  key={message.seq ?? `new-${index}`}
                  message={message}
                  live={chat.streaming && last}
                  onRetry={idle && last && message.role === "assistant" ? () => chat.retry(choice) : undefined}
                  onResend={
                    idle && message.role === "user" ? (text) => chat.edit(message.seq!, text, choice) : undefined
                  }
                  onDelete={idle ? () => chat.removeMessage(message.seq!) : undefined}
                />
              )
            })
          )}
          <div ref={bottom} />
        </div>
        <Composer
          draft={chat.draft}
          onDraft={chat.setDraft}
          model={
            chosenModel === undefined ? undefined : { name: chosenModel.name, vision: chosenModel.capabilities.vision }
          }
          streaming={chat.streaming}
          disabledReason={disabledReason}
          onSend={(draft) => choice && chat.send(choice, draft)}
          onStop={chat.stop}
        />
      </main>
    </div>
  )
}

/** Why a reopened conversation's model cannot answer, and which one will; nothing when it can. */
function UnavailableNotice(props: {
  readonly providers: ReadonlyArray<Provider>
  readonly providerId: string | undefined
  readonly modelId: string | undefined
  readonly choice: ModelChoice | undefined
  readonly onOpenServices: () => void
}) {
  const { providers, providerId, modelId, choice, onOpenServices } = props
  if (providerId === undefined || modelId === undefined) return null
  if (choice?.providerId === providerId && choice.modelId === modelId) return null
  const provider = providers.find((p) => p.id === providerId)
  const why =
    provider === undefined
      ? `its provider ${providerId} was deleted`
      : !provider.enabled
        ? `${provider.name} is switched off`
        : provider.models.some((m) => m.id === modelId)
          ? undefined
          : `${provider.name} no longer has that model`
  // The conversation's model is available: the user picked another one themselves.
  if (why === undefined) return null
  const instead =
    choice === undefined ? "Choose another model to continue." : `Your next message goes to ${choice.modelId} instead.`
  return (
    <div className="notice" role="status">
      This conversation used <strong>{modelId}</strong>, but {why}. {instead}{" "}
      {provider !== undefined && !provider.enabled ? (
        <button type="button" className="link-button" onClick={onOpenServices}>
          Switch it on in Model services
        </button>
      ) : null}
    </div>
  )
}
