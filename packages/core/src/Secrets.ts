/**
 * Sealing of API keys at rest. The store only ever writes sealed keys; the plain key is unsealed into a `Redacted`
 * and leaves the process only inside an outgoing request.
 */
import { Context, type Effect, type Redacted } from "effect"
import type { StorageError } from "./Errors"

export interface SecretsService {
  readonly seal: (plain: Redacted.Redacted<string>) => Effect.Effect<string, StorageError>
  readonly unseal: (sealed: string) => Effect.Effect<Redacted.Redacted<string>, StorageError>
}

export class Secrets extends Context.Tag("@switchboard/core/Secrets")<Secrets, SecretsService>() {}
