/**
 * Chat: pick a model of an enabled provider (ctrl+p), type, watch the answer stream in, stop it with Esc (the
 * upstream request stops too), and read tokens in/out, time to first token and speed under each answer. Failures
 * show their reason and what to do. Earlier conversations are listed (ctrl+o) and reopened to continue them.
 */
import type { Conversation } from "@switchboard/core/domain/Conversation"
import type { Provider } from "@switchboard/core/domain/Provider"
import { slugify } from "@switchboard/core/domain/Slug"
import { Box, Text } from "ink"
import { useCallback, useEffect, useReducer, useState } from "react"
import { ConversationForm } from "../components/chat/ConversationForm"
import { PathLine, type PathPrompt } from "../components/chat/PathLine"
import { Transcript } from "../components/chat/Transcript"
import { transcriptLines } from "../components/chat/transcriptLines"
import { Screen } from "../components/shared/Screen"
import { SearchList } from "../components/shared/SearchList"
import { TextInput } from "../components/shared/TextInput"
import { useTerminalSize } from "../components/shared/useTerminalSize"
import { editText, textValue } from "../keys/TextEdit"
import { type Handlers, useCommands } from "../keys/useCommands"
import { useBridge } from "../runtime/BridgeContext"
import { providers } from "../runtime/Core"
import { useStoreChanges } from "../runtime/useStoreChanges"
import {
  type Choice,
  chatReducer,
  choiceLabel,
  initialChat,
  visibleChoices,
  visibleConversations
} from "../state/ChatState"
import {
  type ConversationFormAction,
  type ConversationFormState,
  conversationFormReducer,
  focusedField,
  openForm
} from "../state/ConversationFormState"
import { useNavigation } from "../state/Navigation"
import { byLine } from "../state/Shown"
import { useChatIntents } from "../state/useChatIntents"
import { theme } from "../theme/Theme"

/** The models one may chat with: every model of every enabled provider, in the user's provider order. */
export const choicesOf = (all: ReadonlyArray<Provider>): ReadonlyArray<Choice> =>
  all
    .filter((p) => p.enabled)
    .flatMap((p) =>
      p.models.map((m) => ({ providerId: p.id, providerName: p.name, modelId: m.id, vision: m.capabilities.vision }))
    )

const when = (date: Conversation["updatedAt"]) => new Date(date.epochMillis).toLocaleString()

export const ChatScreen = ({ providerId }: { readonly providerId?: string | undefined }) => {
  const bridge = useBridge()
  const navigate = useNavigation()
  const { columns, rows } = useTerminalSize()
  const [state, dispatch] = useReducer(chatReducer, initialChat)
  const intents = useChatIntents(state, dispatch)
  const [form, setForm] = useState<ConversationFormState | undefined>(undefined)
  const formDo = (action: ConversationFormAction) =>
    setForm((f) => (f === undefined ? f : conversationFormReducer(f, action)))
  const [pathPrompt, setPathPrompt] = useState<PathPrompt | undefined>(undefined)

  /** The providers as stored now; `undefined` (with the problem shown) when they could not be read. */
  const loadChoices = useCallback(async () => {
    const outcome = await bridge.run(providers((p) => p.list))
    if (!outcome.ok) return void dispatch({ _tag: "Failed", problem: outcome.problem })
    dispatch({
      _tag: "ChoicesLoaded",
      choices: choicesOf(outcome.value),
      providerNames: new Map(outcome.value.map((p) => [p.id as string, p.name])),
      ...(providerId === undefined ? {} : { preferProvider: providerId })
    })
    return outcome.value
  }, [bridge, providerId])

  useEffect(() => {
    void loadChoices().then((all) => {
      const asked = all?.find((p) => p.id === providerId)
      if (asked !== undefined && !asked.enabled)
        dispatch({ _tag: "Notice", notice: `${asked.name} is switched off; switch it on to chat with it.` })
      else if (asked !== undefined && asked.models.length === 0)
        dispatch({ _tag: "Notice", notice: `${asked.name} has no models yet; add them in its Models tab.` })
    })
  }, [loadChoices, providerId])
  useStoreChanges(() => void loadChoices())

  // The lines under the transcript besides the composer: the attached images, a refused path's reason (two at most).
  const extra = (state.images.length > 0 ? 1 : 0) + (pathPrompt?.refused === undefined ? 0 : 2)
  const transcriptHeight = Math.max(3, rows - 6 - extra)
  const move: Handlers = {
    "list.up": () => dispatch({ _tag: "PickerMove", by: -1 }),
    "list.down": () => dispatch({ _tag: "PickerMove", by: 1 })
  }
  const scroll: Handlers = {
    "chat.scrollUp": () => dispatch({ _tag: "Scroll", by: transcriptHeight - 1 }),
    "chat.scrollDown": () => dispatch({ _tag: "Scroll", by: -(transcriptHeight - 1) })
  }

  const modelPicker = state.modelPicker
  const history = state.history
  const choices = modelPicker === undefined ? [] : visibleChoices(modelPicker)
  const conversations = history === undefined ? [] : visibleConversations(history, state.providerNames)
  const confirmRemove = state.confirmRemove
  const confirmMessage = state.confirmMessage
  const selected = state.selected === undefined ? undefined : state.messages[state.selected]
  const lastAsked = state.messages.findLastIndex((m) => m.role === "user")

  const saveForm = async (shown: ConversationFormState) => {
    const problem = await intents.saveSettings(shown)
    if (problem === undefined) setForm(undefined)
    else formDo({ _tag: "Rejected", problem })
  }

  const usePath = async (prompt: PathPrompt) => {
    const refused = await (prompt.kind === "export" ? intents.exportTo : intents.attach)(prompt.path.text)
    setPathPrompt(refused === undefined ? undefined : { ...prompt, refused })
  }

  const handlers: Handlers =
    pathPrompt !== undefined
      ? { "path.ok": () => void usePath(pathPrompt), "path.cancel": () => setPathPrompt(undefined) }
      : form !== undefined
        ? {
            "form.next": () => formDo({ _tag: "Focus", by: 1 }),
            "form.prev": () => formDo({ _tag: "Focus", by: -1 }),
            "settings.save": () => void saveForm(form),
            "settings.cancel": () => setForm(undefined)
          }
        : confirmRemove !== undefined
          ? {
              "confirm.yes": () => void intents.removeConversation(confirmRemove),
              "confirm.no": () => dispatch({ _tag: "CancelRemove" })
            }
          : confirmMessage !== undefined
            ? {
                "confirm.yes": () => void intents.removeMessage(confirmMessage),
                "confirm.no": () => dispatch({ _tag: "CancelRemoveMessage" })
              }
            : selected !== undefined
              ? {
                  "list.up": () => dispatch({ _tag: "Select", by: -1 }),
                  "list.down": () => dispatch({ _tag: "Select", by: 1 }),
                  ...(selected.content === "" ? {} : { "message.copy": () => intents.copy(selected) }),
                  ...(selected.role === "user" && selected.seq !== undefined
                    ? { "message.edit": () => dispatch({ _tag: "EditMessage", message: selected }) }
                    : {}),
                  // The core answers the last question again; an earlier one is edited and resent instead.
                  ...(state.selected! >= lastAsked ? { "message.retry": intents.retry } : {}),
                  ...(selected.seq === undefined
                    ? {}
                    : { "message.remove": () => dispatch({ _tag: "AskRemoveMessage", message: selected }) }),
                  "message.close": () => dispatch({ _tag: "Unselect" })
                }
              : modelPicker !== undefined
                ? {
                    ...move,
                    "chat.choose": () => {
                      const choice = choices[modelPicker.index]
                      if (choice !== undefined) dispatch({ _tag: "Pick", choice })
                    },
                    "conversations.close": () => dispatch({ _tag: "ClosePicker" })
                  }
                : history !== undefined
                  ? {
                      ...move,
                      ...(conversations[history.index] === undefined
                        ? {}
                        : {
                            "conversations.open": () => void intents.reopen(conversations[history.index]!),
                            "conversations.remove": () =>
                              dispatch({ _tag: "AskRemove", conversation: conversations[history.index]! })
                          }),
                      "conversations.close": () => dispatch({ _tag: "ClosePicker" })
                    }
                  : state.streaming !== undefined
                    ? { "chat.cancel": intents.cancel, ...scroll }
                    : {
                        "chat.send": intents.submit,
                        "chat.back":
                          state.editing === undefined
                            ? () => navigate({ _tag: "Back" })
                            : () => dispatch({ _tag: "StopEditing" }),
                        "chat.pickModel": () => dispatch({ _tag: "OpenModelPicker" }),
                        "chat.conversations": () => void intents.openHistory(),
                        "chat.new": () => dispatch({ _tag: "New" }),
                        ...(state.messages.length === 0
                          ? {}
                          : { "chat.select": () => dispatch({ _tag: "Select", by: -1 }) }),
                        "chat.retry": intents.retry,
                        "chat.settings": () => setForm(openForm(state.title, state.settings)),
                        "chat.attach": () => setPathPrompt({ kind: "attach", path: textValue(), refused: undefined }),
                        ...(state.images.length === 0 ? {} : { "chat.detach": () => dispatch({ _tag: "Detached" }) }),
                        ...(state.conversationId === undefined
                          ? {}
                          : {
                              "chat.export": () =>
                                setPathPrompt({
                                  kind: "export",
                                  path: textValue(`${slugify(state.title ?? "conversation")}.md`),
                                  refused: undefined
                                })
                            }),
                        ...scroll
                      }

  const picking = modelPicker ?? history
  const commands = useCommands(handlers, {
    text:
      pathPrompt !== undefined
        ? (input, key) =>
            setPathPrompt({ ...pathPrompt, path: editText(pathPrompt.path, input, key), refused: undefined })
        : form !== undefined
          ? (input, key) => formDo({ _tag: "Edit", value: editText(form.text[focusedField(form)], input, key) })
          : confirmRemove !== undefined || confirmMessage !== undefined || selected !== undefined
            ? undefined
            : picking !== undefined
              ? (input, key) => dispatch({ _tag: "PickerQuery", value: editText(picking.query, input, key) })
              : (input, key) => dispatch({ _tag: "ComposerEdited", value: editText(state.composer, input, key) })
  })

  const lines = transcriptLines(state.messages, state.streaming, columns, state.selected)
  // A picked message's label scrolls into view.
  const picked = lines.findIndex((line) => line.tone === "selected")
  const transcriptScroll =
    picked === -1
      ? state.scroll
      : Math.min(Math.max(state.scroll, lines.length - picked - transcriptHeight + 1), lines.length - picked - 1)
  return (
    <Screen
      title="Chat"
      aside={state.target === undefined ? "no model chosen" : choiceLabel(state.target)}
      commands={commands}
      problem={state.problem}
      notice={state.notice}
    >
      {form !== undefined ? (
        <ConversationForm state={form} width={columns} />
      ) : modelPicker !== undefined ? (
        <SearchList
          title="Choose a model"
          query={modelPicker.query}
          items={choices}
          index={modelPicker.index}
          height={transcriptHeight + 1}
          empty="No enabled provider has a model that matches. Add models in a provider's Models tab."
          render={(choice, selected) => (
            <Text bold={selected}>
              {choice.providerName}
              <Text color={theme.muted}> / </Text>
              {choice.modelId}
            </Text>
          )}
        />
      ) : history !== undefined ? (
        <Box flexDirection="column">
          <SearchList
            title="Earlier conversations"
            query={history.query}
            items={conversations}
            index={history.index}
            height={transcriptHeight + (confirmRemove === undefined ? 1 : 0)}
            empty="No saved conversation matches."
            render={(conversation, selected) => (
              <Text>
                <Text bold={selected}>{conversation.title}</Text>
                <Text color={theme.muted}>
                  {"  "}
                  {byLine(state.providerNames, conversation.providerId, conversation.modelId)} ·{" "}
                  {when(conversation.updatedAt)}
                </Text>
              </Text>
            )}
          />
          {confirmRemove === undefined ? null : (
            <Text color={theme.warning} wrap="truncate-end">
              Delete “{confirmRemove.title}” and its messages? y/n
            </Text>
          )}
        </Box>
      ) : (
        // Anchored at the bottom, like any chat: the composer sits right above the help bar, the newest lines above it.
        <Box flexDirection="column" flexGrow={1} justifyContent="flex-end">
          {lines.length === 0 ? (
            <Box height={transcriptHeight} flexDirection="column">
              <Text color={theme.muted}>
                {state.choices === undefined
                  ? "Loading models…"
                  : state.choices.length === 0
                    ? "No enabled provider has models. Add a model in a provider's Models tab, or switch a provider on."
                    : "Type a message and press enter. ctrl+p chooses another model, ctrl+o reopens an earlier chat, ctrl+t sets a system prompt, temperature and max tokens. ? or ctrl+g shows every key."}
              </Text>
            </Box>
          ) : (
            <Transcript lines={lines} height={transcriptHeight} scroll={transcriptScroll} />
          )}
          {state.images.length === 0 ? null : (
            <Text color={theme.muted} wrap="truncate-end">
              {state.images.map((image) => `[image: ${image.name}]`).join(" ")} · ctrl+l removes
            </Text>
          )}
          {pathPrompt !== undefined ? (
            <PathLine prompt={pathPrompt} width={columns} />
          ) : confirmMessage !== undefined ? (
            <Text color={theme.warning} wrap="truncate-end">
              Delete this message{confirmMessage.role === "user" ? " of yours" : ""}? y/n
            </Text>
          ) : (
            <Box>
              <Text color={theme.accent}>{state.editing === undefined ? "› " : "✎ "}</Text>
              <TextInput
                value={state.composer}
                focused={picking === undefined && selected === undefined}
                width={columns - 3}
                placeholder={
                  selected !== undefined
                    ? "↑/↓ picks a message; its keys are below"
                    : state.streaming === undefined
                      ? "message"
                      : "answering… esc stops"
                }
              />
            </Box>
          )}
        </Box>
      )}
    </Screen>
  )
}
