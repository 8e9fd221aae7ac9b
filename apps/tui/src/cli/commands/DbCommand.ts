/**
 * `switchboard db migrate` and `switchboard db copy --from <sqlite file> --to <postgres url> [--overwrite]`: the
 * operator's tools for a PostgreSQL deployment. Instances migrate at start; `migrate` is for operators who run
 * migrations apart from the instances (`SWITCHBOARD_DATABASE_URL` names the database). `copy` moves an embedded setup
 * (providers with their sealed keys, models, conversations) into PostgreSQL. Like `keys`, they open the databases
 * themselves, not through the bridge: neither needs (nor may start) the core on the configured store.
 */
import * as Copy from "@switchboard/core/pg/Copy"
import { InvalidInput, type StorageError } from "@switchboard/core/domain/Errors"
import * as Database from "@switchboard/core/pg/Database"
import { Effect, Exit, Option, Redacted } from "effect"
import { problemOfCause } from "../../runtime/Problem"
import { parse, positional, UsageError } from "../Args"
import type { Command } from "../Command"
import { ExitCode, type Io, reportProblem } from "../Io"

const run = async <A>(io: Io, effect: Effect.Effect<A, unknown>, done: (value: A) => string) => {
  const exit = await Effect.runPromiseExit(effect)
  if (Exit.isFailure(exit)) return reportProblem(io, problemOfCause(exit.cause))
  io.out(done(exit.value))
  return ExitCode.ok
}

const notSet = new InvalidInput({
  field: Database.urlVariable,
  problem: "is not set: it names the PostgreSQL database to migrate (SQLite migrates itself at start)"
})

const migrate = (io: Io) =>
  run(
    io,
    Effect.flatMap(
      Database.urlConfig,
      (url): Effect.Effect<ReadonlyArray<string>, InvalidInput | StorageError> =>
        Option.match(url, { onNone: () => Effect.fail(notSet), onSome: Database.migrateUrl })
    ),
    (ran) => (ran.length === 0 ? "Nothing to migrate.\n" : `Ran ${ran.join(", ")}.\n`)
  )

const copy = (io: Io, args: ReadonlyArray<string>) => {
  const { values } = parse(args, {
    from: { type: "string" },
    to: { type: "string" },
    overwrite: { type: "boolean" }
  })
  if (values.from === undefined) throw new UsageError("missing --from <sqlite file>")
  if (values.to === undefined || !/^postgres(ql)?:\/\//.test(values.to)) {
    throw new UsageError("--to must be a PostgreSQL URL: postgres://user:password@host:5432/database")
  }
  return run(
    io,
    Copy.copy(values.from, Redacted.make(values.to), values.overwrite === true),
    (copied) =>
      // The URL is not repeated: it may hold a password.
      `Copied ${copied.providers} providers, ${copied.conversations} conversations with ${copied.messages} messages ` +
      "and the key check into the PostgreSQL database. Start its instances with the master key of the copied " +
      "setup (the content of its master.key as SWITCHBOARD_MASTER_KEY, or the SWITCHBOARD_MASTER_KEY it used).\n"
  )
}

export const dbCommand: Command = async (args, { io }) => {
  const { positionals } = parse(args.slice(0, 1), {})
  const action = positional(positionals, 0, "db action (migrate, copy)")
  if (action === "migrate") return migrate(io)
  if (action === "copy") return copy(io, args.slice(1))
  throw new UsageError(`unknown db action "${action}" (try migrate or copy)`)
}
