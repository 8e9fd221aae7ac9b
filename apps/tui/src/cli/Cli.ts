/**
 * The non-interactive commands: one core, the same store as the TUI and the server. `runCli` takes the arguments
 * after `switchboard` and returns the exit code: 0 on success, 1 when the core or a provider refused (the reason on
 * stderr), 2 for a command line it cannot read, 130 when stopped with Ctrl+C.
 */
import { presets } from "@switchboard/core/Presets"
import { providerTypes } from "@switchboard/core/domain/ProviderTypes"
import type { Bridge } from "../runtime/Bridge"
import { UsageError } from "./Args"
import type { Command } from "./Command"
import { catalogCommand } from "./commands/CatalogCommand"
import { chatCommand } from "./commands/ChatCommand"
import { conversationsCommand } from "./commands/ConversationsCommand"
import { dbCommand } from "./commands/DbCommand"
import { keysCommand } from "./commands/KeysCommand"
import { modelsCommand } from "./commands/ModelsCommand"
import { providersCommand } from "./commands/ProvidersCommand"
import { verifyCommand } from "./commands/VerifyCommand"
import { ExitCode, type Io } from "./Io"

export const usage = `Usage: switchboard [command]

Without a command, opens the terminal UI.

  providers list [--json]
  providers add --name <name> (--type <type> | --preset <preset>) [--id <id>] [--base-url <url>]
                [--key <key>]… [--api-version <v>] [--header "Name: value"]… [--model <id>]… [--disabled]
  providers edit <provider> [--name <name>] [--base-url <url>] [--api-version <v>]
                [--add-key <key>]… [--remove-key <which>]… [--replace-key <which>=<key>]…
                [--header "Name: value"]… [--remove-header <name>]…
                [--first-byte-ms <ms>] [--idle-ms <ms>] [--verify-ms <ms>] [--max-retries <n>] [--json]
                                         a key is named by its place (1, 2, …), id or masked form
  providers remove <provider> [--yes]
  providers enable|disable <provider>
  models list <provider> [--json]        each fact with its source (yours, provider, catalog, inferred), last check
  models add <provider> <model-id>…
  models edit <provider> <model-id> [--name <name>] [--group <group>] [--capability <name>=on|off|auto]…
                [--context-window <n>|auto] [--max-output <n>|auto] [--currency <ISO 4217>]
                [--price-input <p>] [--price-output <p>] [--price-cached <p>] [--price-cache-write <p>]
                [--prices auto]          prices per million tokens; auto goes back to the catalog's
  models remove <provider> <model-id> [--yes]
  models remote <provider> [--json]      the provider's own model list
  models sync <provider> [--add-new] [--remove-gone] [--json]
                                         what the provider's list added and dropped; dropped models are marked
  models check <provider> [--key <which>] [--model <id>]… [--concurrency <1-32>] [--timeout-ms <ms>] [--json]
                                         every model × key; progress on stderr, Ctrl+C cancels
  models remove-failed <provider> [--keys] [--yes]
                                         remove the models (or keys) the last check blames
  catalog update --from <file or URL>    refresh the model catalog from models.dev's api.json or a catalog file
  verify <provider> [--model <id>] [--json]
  chat <provider>/<model> ["prompt"] [--system "…"] [--temperature <0-2>] [--max-tokens <n>] [--conversation <id>]
                                         without a prompt, reads it from standard input (at most 1 MiB)
  conversations list [--search <text>] [--json]
  conversations show <id> [--json]       the transcript as Markdown (or JSON)
  conversations export <id> [--format markdown|json] [--out <file>]
  conversations rename <id> "title"
  conversations delete <id> [--yes]
  keys forget-unreadable [--yes]         drop the keys a lost master key sealed (lists them without --yes)
  db migrate                             run PostgreSQL migrations (SWITCHBOARD_DATABASE_URL)
  db copy --from <sqlite file> --to <postgres url> [--overwrite]
                                         move an embedded setup into PostgreSQL

Deletes (providers remove, models remove, models remove-failed, conversations delete) ask first at a terminal;
--yes skips the question, and a script (stdin not a terminal) is never asked.
Types: ${providerTypes.join(", ")}.
Presets: ${presets.map((preset) => preset.id).join(", ")}.
Data lives in SWITCHBOARD_DATA_DIR (default ~/.local/share/switchboard), or with SWITCHBOARD_DATABASE_URL in PostgreSQL.
`

export const commands: Readonly<Record<string, Command>> = {
  providers: providersCommand,
  models: modelsCommand,
  verify: verifyCommand,
  chat: chatCommand,
  conversations: conversationsCommand,
  keys: keysCommand,
  db: dbCommand,
  catalog: catalogCommand
}

/** Whether `args` name a command (anything else opens the TUI or prints usage). */
export const isHelp = (args: ReadonlyArray<string>) =>
  args[0] === "help" || args.includes("--help") || args.includes("-h")

export const runCli = async (args: ReadonlyArray<string>, bridge: Bridge, io: Io): Promise<number> => {
  if (isHelp(args)) {
    io.out(usage)
    return ExitCode.ok
  }
  const [name, ...rest] = args
  const command = name === undefined ? undefined : commands[name]
  if (command === undefined) {
    io.err(`error: unknown command "${name ?? ""}"\n\n${usage}`)
    return ExitCode.usage
  }
  try {
    return await command(rest, { bridge, io })
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`error: ${error.message}\n(switchboard --help lists the commands)\n`)
      return ExitCode.usage
    }
    io.err(`error: Switchboard failed unexpectedly: ${error instanceof Error ? error.message : String(error)}\n`)
    return ExitCode.failed
  }
}
