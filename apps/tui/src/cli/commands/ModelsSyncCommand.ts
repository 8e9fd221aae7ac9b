/**
 * `switchboard models sync <provider> [--add-new] [--remove-gone] [--json]`: reads the provider's own list and prints
 * what changed against the stored models — new upstream, no longer offered (marked, kept unless `--remove-gone`),
 * unchanged — adding the new ones with `--add-new`. Names, groups and every setting the user made stay.
 */
import type { ModelView } from "@switchboard/core/domain/ProviderView"
import { syncView } from "@switchboard/core/domain/ModelViews"
import { models } from "../../runtime/Core"
import { parse, positional } from "../Args"
import type { Command } from "../Command"
import { ExitCode, json, reportProblem } from "../Io"

const listed = (sign: string, views: ReadonlyArray<ModelView>) =>
  views.map((m) => `${sign} ${m.id}${m.facts.deprecated?.value === true ? "  (deprecated)" : ""}\n`).join("")

export const sync: Command = async (args, { bridge, io }) => {
  const { values, positionals } = parse(args, {
    "add-new": { type: "boolean" },
    "remove-gone": { type: "boolean" },
    json: { type: "boolean" }
  })
  const id = positional(positionals, 0, "provider id")
  const addNew = values["add-new"] === true
  const removeGone = values["remove-gone"] === true
  const outcome = await bridge.run(models((m) => m.sync(id, { addNew, removeGone })))
  if (!outcome.ok) return reportProblem(io, outcome.problem)
  const view = syncView(outcome.value)
  if (values.json === true) {
    io.out(json(view))
    return ExitCode.ok
  }
  io.out(`${listed("+", view.added)}${listed("-", view.gone)}${listed("=", view.unchanged)}`)
  const { added, gone, unchanged } = view
  io.err(
    `${added.length} new upstream${added.length > 0 ? (addNew ? " (added)" : " (add them: --add-new)") : ""}, ` +
      `${gone.length} no longer offered${gone.length > 0 ? (removeGone ? " (removed)" : " (marked; remove them: --remove-gone)") : ""}, ` +
      `${unchanged.length} unchanged\n`
  )
  return ExitCode.ok
}
