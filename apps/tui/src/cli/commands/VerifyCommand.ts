/**
 * `switchboard verify <provider> [--model id] [--json]`: the Verify check, one line per key. Exits 1 when any key
 * fails, so a script can gate on it.
 */
import { verifyReportView } from "@switchboard/core/domain/ReportViews"
import { providers } from "../../runtime/Core"
import { parse, positional } from "../Args"
import type { Command } from "../Command"
import { ExitCode, json, reportProblem } from "../Io"
import { reportText } from "../Render"

export const verifyCommand: Command = async (args, { bridge, io }) => {
  const { values, positionals } = parse(args, { model: { type: "string" }, json: { type: "boolean" } })
  const id = positional(positionals, 0, "provider id")
  const outcome = await bridge.run(
    providers((p) => p.verify(id, values.model === undefined ? {} : { model: values.model }))
  )
  if (!outcome.ok) return reportProblem(io, outcome.problem)
  const report = outcome.value
  io.out(values.json === true ? json(verifyReportView(report)) : reportText(report))
  return report.ok ? ExitCode.ok : ExitCode.failed
}
