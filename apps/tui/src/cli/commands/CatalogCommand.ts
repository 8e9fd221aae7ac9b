/**
 * `switchboard catalog update --from <file or URL>`: refreshes the model catalog in the data directory from
 * models.dev's data (or a catalog file), then fills every stored model from it again; what the user set stays.
 */
import { NodeContext, NodeHttpClient } from "@effect/platform-node"
import { make as makeCatalog } from "@switchboard/core/catalog/Catalog"
import { updateCatalog } from "@switchboard/core/catalog/CatalogUpdate"
import { DataDir } from "@switchboard/core/DataDir"
import { Effect, Layer } from "effect"
import { models } from "../../runtime/Core"
import { parse, UsageError } from "../Args"
import type { Command, CommandContext } from "../Command"
import { ExitCode, reportProblem } from "../Io"

const update: Command = async (args, { bridge, io }) => {
  const { values } = parse(args, { from: { type: "string" } })
  if (values.from === undefined || values.from === "")
    throw new UsageError("missing --from: a models.dev api.json (path or URL) or a catalog file")
  const from = values.from
  io.err(`reading ${from}…\n`)
  const outcome = await bridge.run(
    Effect.gen(function* () {
      const dataDir = yield* DataDir
      const written = yield* updateCatalog(from, dataDir.path).pipe(
        Effect.provide(Layer.merge(NodeContext.layer, NodeHttpClient.layerUndici))
      )
      // This process loaded the previous catalog at start; the stored models are filled from the new one.
      const known = yield* models((m) => m.refill(makeCatalog(written.file, written.path)))
      return { ...written, known }
    })
  )
  if (!outcome.ok) return reportProblem(io, outcome.problem)
  const { path, file, models: size, known } = outcome.value
  io.err(
    `catalog updated: ${size} models (${file.snapshot.from}, taken ${file.snapshot.takenAt}) in ${path}\n` +
      `${known} stored model${known === 1 ? "" : "s"} filled from it; your settings kept\n`
  )
  return ExitCode.ok
}

const subcommands: Readonly<Record<string, Command>> = { update }

export const catalogCommand = (args: ReadonlyArray<string>, context: CommandContext): Promise<number> => {
  const [name, ...rest] = args
  const command = name === undefined ? undefined : subcommands[name]
  if (command === undefined) throw new UsageError(`catalog needs one of: ${Object.keys(subcommands).join(", ")}`)
  return command(rest, context)
}
