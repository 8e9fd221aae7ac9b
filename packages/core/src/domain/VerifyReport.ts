/**
 * The result of the Verify ("Check") action: one entry per API key (or one for a keyless provider), never a bare
 * "failed".
 */
import { Schema } from "effect"
import { ProviderErrorReason } from "./Errors"

export class KeyCheck extends Schema.Class<KeyCheck>("KeyCheck")({
  /** The key's id and masked form; absent for a keyless provider. */
  keyId: Schema.optional(Schema.String),
  key: Schema.NullOr(Schema.String),
  ok: Schema.Boolean,
  reason: Schema.optional(ProviderErrorReason),
  /** The upstream's HTTP status, as it answered. */
  status: Schema.optional(Schema.Number),
  /** The upstream's own word for the failure (`invalid_api_key`, `insufficient_quota`, `API_KEY_INVALID`, …). */
  code: Schema.optional(Schema.String),
  /** How long the upstream asked to wait, for a rate limit that said so. */
  retryAfterMs: Schema.optional(Schema.Number),
  message: Schema.optional(Schema.String),
  latencyMs: Schema.Number,
  /** The exact URL of the last request of the check. */
  url: Schema.String,
  /** What the check did: listed models, generated one token, or embedded one text (an embedding-only model). */
  stage: Schema.Literal("models", "generate", "embed")
}) {}

/** What a passed stage did, as frontends say it. */
export const stageDone: Readonly<Record<KeyCheck["stage"], string>> = {
  models: "listed models",
  generate: "generated a token",
  embed: "embedded a text"
}

export class VerifyReport extends Schema.Class<VerifyReport>("VerifyReport")({
  providerId: Schema.String,
  ok: Schema.Boolean,
  results: Schema.Array(KeyCheck)
}) {}

/**
 * A provider's last verify report as the store keeps it, with when it was made: frontends show it on opening the
 * provider (and how old it is) instead of forgetting it on restart. It goes when the provider does.
 */
export class LastVerify extends Schema.Class<LastVerify>("LastVerify")({
  checkedAt: Schema.DateTimeUtc,
  report: VerifyReport
}) {}
