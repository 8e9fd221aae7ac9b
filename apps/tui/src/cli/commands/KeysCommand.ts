/**
 * `switchboard keys forget-unreadable [--yes]`: the way out when the master key is lost for good. The start refuses
 * a store whose keys were sealed with another master key; this lists the keys (and credential headers) that can no
 * longer be read, and with `--yes` drops them and accepts the current master key, keeping everything else. It opens
 * the store itself, not through the bridge, since the core's start check refuses exactly this store.
 */
import * as Embedded from "@switchboard/core/Embedded"
import type { Unreadable } from "@switchboard/core/UnreadableKeys"
import { Effect, Exit } from "effect"
import { problemOfCause } from "../../runtime/Problem"
import { parse, positional, UsageError } from "../Args"
import type { Command } from "../Command"
import { ExitCode, reportProblem } from "../Io"

const describe = (entry: Unreadable) => {
  const parts = [
    ...(entry.keyIds.length === 0 ? [] : [`keys ${entry.keyIds.join(", ")}`]),
    ...(entry.headers.length === 0 ? [] : [`headers ${entry.headers.join(", ")}`])
  ]
  return `  ${entry.name} (${entry.providerId}): ${parts.join("; ")}\n`
}

export const keysCommand: Command = async (args, { io }) => {
  const { values, positionals } = parse(args, { yes: { type: "boolean" } })
  const action = positional(positionals, 0, "keys action (forget-unreadable)")
  if (action !== "forget-unreadable") throw new UsageError(`unknown keys action "${action}" (try forget-unreadable)`)
  const apply = values.yes === true
  const exit = await Effect.runPromiseExit(Embedded.forgetUnreadableKeys(apply))
  if (Exit.isFailure(exit)) return reportProblem(io, problemOfCause(exit.cause))
  const found = exit.value
  if (found.length === 0) {
    io.out(apply ? "No unreadable keys; the current master key is now the one checked.\n" : "No unreadable keys.\n")
    return ExitCode.ok
  }
  const list = found.map(describe).join("")
  io.out(
    apply
      ? `Forgot what the master key could not read:\n${list}Add those keys again to use the providers.\n`
      : `These cannot be read with the current master key:\n${list}` +
          "Restore master.key (or SWITCHBOARD_MASTER_KEY) to keep them, or run again with --yes to drop them.\n"
  )
  return ExitCode.ok
}
