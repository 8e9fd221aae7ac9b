/**
 * The master key of an instance on a shared PostgreSQL database: `SWITCHBOARD_MASTER_KEY` only. A `master.key` file
 * is per machine, so each instance would make its own and seal keys no other instance can read; the variable is
 * required instead, and `KeyCheckPg` refuses an instance whose value is not the database's.
 */
import { Config, type ConfigError, Effect, Layer, Option } from "effect"
import { StorageError } from "../domain/Errors"
import * as Secrets from "../Secrets"

const missing = new StorageError({
  operation: "start",
  detail:
    "SWITCHBOARD_MASTER_KEY is not set. With SWITCHBOARD_DATABASE_URL every instance seals and unseals API keys " +
    "with the same master key, so it must be given to each of them (a master.key file is per machine)",
  reason: "MasterKey"
})

export const layer: Layer.Layer<Secrets.Secrets, StorageError | ConfigError.ConfigError> = Layer.effect(
  Secrets.Secrets,
  Effect.gen(function* () {
    const secret = yield* Config.option(Config.redacted("SWITCHBOARD_MASTER_KEY"))
    if (Option.isNone(secret)) return yield* missing
    return Secrets.make(yield* Secrets.masterKeyFromSecret(secret.value))
  })
)
