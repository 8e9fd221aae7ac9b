/**
 * The check of every model × key (`Models.check`): one result per model and key, with the same fields as a verify
 * report's (`KeyCheck`: ok or the reason, HTTP status, latency, the exact URL, the key only masked), and the events a
 * running check streams so frontends can draw its progress.
 */
import { Schema } from "effect"
import { KeyCheck } from "./VerifyReport"

/** The last result of one model with one key, and when it was made. */
export class ModelCheck extends Schema.Class<ModelCheck>("ModelCheck")({
  modelId: Schema.String,
  checkedAt: Schema.DateTimeUtc,
  result: KeyCheck
}) {}

/** The check began: what it will probe. */
export class CheckStarted extends Schema.TaggedClass<CheckStarted>()("CheckStarted", {
  providerId: Schema.String,
  /** Models × keys. */
  total: Schema.Int,
  models: Schema.Array(Schema.String),
  /** The keys' masked forms (`null` for a keyless provider). */
  keys: Schema.Array(Schema.NullOr(Schema.String)),
  concurrency: Schema.Int,
  timeoutMs: Schema.Int
}) {}

/** One model × key was probed; `done` of `total` are. Results come in the order they finish. */
export class CheckProgress extends Schema.TaggedClass<CheckProgress>()("CheckProgress", {
  done: Schema.Int,
  total: Schema.Int,
  check: ModelCheck
}) {}

export type CheckEvent = CheckStarted | CheckProgress
