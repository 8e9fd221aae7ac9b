/**
 * Every key the TUI understands, as data: a command, the keys that run it, a short hint for the help bar and a
 * description for the help screen (`?`). Screens never test raw keys; they name the commands they handle, and the
 * help bar shows exactly those, so what the bar says and what the keys do cannot drift apart.
 */
export interface Binding {
  readonly keys: ReadonlyArray<string>
  /** A word or two for the help bar; bindings without one appear only on the help screen. */
  readonly hint?: string
  readonly description: string
}

/** The help screen's sections, in order; a command's section is the part of its name before the dot. */
export const sections = {
  app: "Everywhere",
  list: "Lists",
  providers: "Providers",
  filter: "Filtering providers",
  confirm: "Confirmations",
  form: "Forms",
  add: "Add provider",
  detail: "Provider detail",
  keys: "Provider detail: API keys",
  headers: "Provider detail: headers",
  models: "Provider detail: models",
  edit: "Editing a field",
  picker: "Picking fetched models",
  model: "Editing a model",
  check: "Checking every model × key",
  sync: "Syncing with the provider's list",
  chat: "Chat",
  message: "Chat: a picked message",
  settings: "Chat: conversation settings",
  path: "Chat: typing a file path",
  conversations: "Earlier conversations",
  help: "This help"
} as const

export const keybindings = {
  "app.help": { keys: ["?", "ctrl+g"], hint: "help", description: "Show every key (? outside text fields)" },
  "app.quit": { keys: ["ctrl+c"], description: "Quit Switchboard" },

  "list.up": { keys: ["up"], hint: "move", description: "Move up" },
  "list.down": { keys: ["down"], hint: "move", description: "Move down" },
  "list.pageUp": { keys: ["pageup"], description: "Move a page up" },
  "list.pageDown": { keys: ["pagedown"], description: "Move a page down" },

  "providers.open": { keys: ["enter"], hint: "open", description: "Open the provider: settings, keys, models" },
  "providers.toggle": { keys: ["space"], hint: "on/off", description: "Switch the provider on or off" },
  "providers.add": { keys: ["a"], hint: "add", description: "Add a provider (from scratch or a preset)" },
  "providers.remove": { keys: ["d", "delete"], hint: "remove", description: "Remove the provider (asks first)" },
  "providers.moveUp": { keys: ["K", "shift+up"], hint: "reorder", description: "Move the provider up the list" },
  "providers.moveDown": { keys: ["J", "shift+down"], hint: "reorder", description: "Move the provider down" },
  "providers.filter": { keys: ["/"], hint: "filter", description: "Filter the list by typing a name or type" },
  "providers.chat": { keys: ["c"], hint: "chat", description: "Chat with the enabled providers' models" },
  "providers.quit": { keys: ["q"], hint: "quit", description: "Quit Switchboard" },

  "filter.done": { keys: ["enter"], hint: "open", description: "Open the selected provider" },
  "filter.clear": { keys: ["escape"], hint: "clear", description: "Clear the filter" },

  "confirm.yes": { keys: ["y"], hint: "yes", description: "Confirm" },
  "confirm.no": { keys: ["n", "escape"], hint: "no", description: "Keep things as they are" },

  "form.next": { keys: ["down", "tab"], hint: "next field", description: "Go to the next field" },
  "form.prev": { keys: ["up", "shift+tab"], description: "Go to the previous field" },
  "form.choicePrev": { keys: ["left"], hint: "choose", description: "Previous choice" },
  "form.choiceNext": { keys: ["right"], hint: "choose", description: "Next choice" },
  "form.back": { keys: ["escape"], hint: "back", description: "Leave without saving" },

  "add.submit": { keys: ["enter"], hint: "add", description: "Add the provider" },

  "detail.nextTab": { keys: ["tab", "right"], hint: "next tab", description: "Next tab" },
  "detail.prevTab": { keys: ["shift+tab", "left"], description: "Previous tab" },
  "detail.edit": { keys: ["enter"], hint: "edit", description: "Edit the selected setting" },
  "detail.toggle": { keys: ["space"], hint: "on/off", description: "Switch the provider on or off" },
  "detail.verify": { keys: ["v"], hint: "verify", description: "Check every key against the provider" },
  "detail.chat": { keys: ["c"], hint: "chat", description: "Chat with this provider" },
  "detail.back": { keys: ["escape"], hint: "back", description: "Back to the providers" },

  "keys.add": { keys: ["n"], hint: "new key", description: "Add an API key (typed masked)" },
  "keys.replace": { keys: ["r"], hint: "replace", description: "Replace the selected key" },
  "keys.mark": { keys: ["space"], hint: "mark", description: "Mark or unmark the key for removal" },
  "keys.remove": { keys: ["d", "delete"], hint: "remove", description: "Remove the marked keys (or the selected one)" },

  "headers.add": { keys: ["n"], hint: "new header", description: "Add a header, typed as Name: value" },
  "headers.remove": { keys: ["d", "delete"], hint: "remove", description: "Remove the selected header (asks first)" },

  "models.add": { keys: ["n"], hint: "add ids", description: "Add model ids by hand (several, space-separated)" },
  "models.fetch": { keys: ["f"], hint: "fetch", description: "Fetch the provider's model list and pick from it" },
  "models.edit": { keys: ["enter", "e"], hint: "edit", description: "Edit the model's name, group, capabilities" },
  "models.remove": { keys: ["d", "delete"], hint: "delete", description: "Delete the model (asks first)" },
  "models.check": {
    keys: ["k"],
    hint: "check",
    description: "Check every model with every key (or one), choosing how many at a time and the timeout"
  },
  "models.sync": {
    keys: ["s"],
    hint: "sync",
    description: "Compare with the provider's list: new, gone (marked, not deleted), unchanged"
  },
  "models.removeFailed": {
    keys: ["x"],
    hint: "drop failed",
    description: "Remove the models the last check failed (asks first)"
  },
  "models.removeFailedKeys": {
    keys: ["X"],
    description: "Remove the keys the last check refused on every model (asks first)"
  },

  "edit.save": { keys: ["enter"], hint: "save", description: "Save the field" },
  "edit.cancel": { keys: ["escape"], hint: "cancel", description: "Stop editing; nothing is saved" },

  "picker.mark": { keys: ["space"], hint: "mark", description: "Mark or unmark the model" },
  "picker.all": { keys: ["ctrl+a"], hint: "all", description: "Mark every model shown (or unmark them)" },
  "picker.confirm": { keys: ["enter"], hint: "add marked", description: "Add the marked models" },
  "picker.search": { keys: ["/"], hint: "search", description: "Search the fetched models by typing" },
  "picker.searchDone": { keys: ["enter"], hint: "done", description: "Back to marking, keeping the search" },
  "picker.cancel": { keys: ["escape"], hint: "cancel", description: "Close without adding" },

  "model.toggle": { keys: ["space"], hint: "auto/on/off", description: "Cycle the capability: inferred, on, off" },
  "model.save": { keys: ["enter"], hint: "save", description: "Save the model" },
  "model.cancel": { keys: ["escape"], hint: "cancel", description: "Close without saving" },

  "check.start": { keys: ["enter"], hint: "start", description: "Start the check" },
  "check.stop": { keys: ["escape"], hint: "stop", description: "Stop the check (its upstream requests stop too)" },
  "check.close": { keys: ["escape"], hint: "close", description: "Back to the models, which show the last results" },

  "sync.addNew": { keys: ["a"], hint: "add all new", description: "Add every model new upstream" },
  "sync.removeGone": {
    keys: ["d", "delete"],
    hint: "remove gone",
    description: "Remove the models no longer offered upstream (asks first)"
  },
  "sync.close": { keys: ["escape"], hint: "close", description: "Back to the models (gone ones stay marked)" },

  "chat.send": { keys: ["enter"], hint: "send", description: "Send the message" },
  "chat.cancel": { keys: ["escape"], hint: "stop", description: "Stop the answer (the upstream request stops too)" },
  "chat.back": { keys: ["escape"], hint: "back", description: "Back (when no answer is streaming)" },
  "chat.pickModel": { keys: ["ctrl+p"], hint: "model", description: "Choose the provider and model" },
  "chat.conversations": { keys: ["ctrl+o"], hint: "history", description: "Reopen an earlier conversation" },
  "chat.choose": { keys: ["enter"], hint: "choose", description: "Talk to the selected model" },
  "chat.new": { keys: ["ctrl+n"], hint: "new", description: "Start a new conversation" },
  "chat.select": {
    keys: ["ctrl+k"],
    hint: "messages",
    description: "Pick a message (↑/↓): copy it, edit and resend it, answer again, delete it"
  },
  "chat.retry": { keys: ["ctrl+r"], description: "Answer the last message again (after a failure too)" },
  "chat.settings": {
    keys: ["ctrl+t"],
    description: "The conversation's title, system prompt, temperature and max tokens"
  },
  "chat.export": { keys: ["ctrl+x"], description: "Export the conversation to a Markdown file (or JSON: .json)" },
  "chat.attach": {
    keys: ["ctrl+f"],
    description: "Attach an image file (PNG, JPEG, GIF, WebP; 5 MiB at most) for a model that takes images"
  },
  "chat.detach": { keys: ["ctrl+l"], description: "Remove the images attached to the message being written" },
  "chat.scrollUp": { keys: ["pageup"], description: "Scroll the conversation up" },
  "chat.scrollDown": { keys: ["pagedown"], description: "Scroll the conversation down" },

  "message.copy": { keys: ["y"], hint: "copy", description: "Copy the message to the clipboard (OSC 52)" },
  "message.edit": { keys: ["e"], hint: "edit", description: "Edit your message and send it again in its place" },
  "message.retry": { keys: ["r"], hint: "answer again", description: "Answer the last message again" },
  "message.remove": { keys: ["d", "delete"], hint: "delete", description: "Delete the message (asks first)" },
  "message.close": { keys: ["escape"], hint: "back", description: "Back to typing" },

  "settings.save": { keys: ["enter"], hint: "save", description: "Save the conversation's settings" },
  "settings.cancel": { keys: ["escape"], hint: "cancel", description: "Close without saving" },

  "path.ok": { keys: ["enter"], hint: "ok", description: "Use the path (relative to where Switchboard started)" },
  "path.cancel": { keys: ["escape"], hint: "cancel", description: "Close without using it" },

  "conversations.open": { keys: ["enter"], hint: "open", description: "Reopen the conversation" },
  "conversations.remove": { keys: ["ctrl+d"], hint: "delete", description: "Delete the conversation (asks first)" },
  "conversations.close": { keys: ["escape"], hint: "close", description: "Back to the chat" },

  "help.close": { keys: ["escape", "?", "q"], hint: "close", description: "Close this help" }
} as const satisfies Readonly<Record<string, Binding>>

export type Command = keyof typeof keybindings

/** The help screen's section of a command. */
export const sectionOf = (command: Command): string =>
  sections[command.slice(0, command.indexOf(".")) as keyof typeof sections]
