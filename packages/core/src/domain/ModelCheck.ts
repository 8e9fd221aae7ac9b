/**
 * The check of every model × key (`Models.check`): one result per model and key, with the same fields as a verify
 * report's (`KeyCheck`: ok or the reason, HTTP status, latency, the exact URL, the key only masked), and the events a
 * running check streams so frontends can draw its progress.
 */
import { Array as Arr, Schema } from "effect"
import { ModelId } from "./Model"
import { KeyCheck } from "./VerifyReport"

/** At most this many probes run at once, so a check cannot flood a provider (or trip its rate limit) by accident. */
export const maxConcurrency = 32

/**
 * What a check takes: every model and every key unless narrowed, how many probes run at once (default 4), and how long
 * each may take (default: the provider's verify limit).
 */
export const CheckInput = Schema.Struct({
  keyId: Schema.optional(Schema.String.pipe(Schema.minLength(1))),
  models: Schema.optional(Schema.Array(ModelId).pipe(Schema.minItems(1), Schema.maxItems(10_000))),
  concurrency: Schema.optional(
    Schema.Int.pipe(Schema.between(1, maxConcurrency)).annotations({
      description: `a whole number from 1 to ${maxConcurrency}`
    })
  ),
  timeoutMs: Schema.optional(
    Schema.Int.pipe(Schema.between(500, 600_000)).annotations({
      description: "a whole number of milliseconds from 500 to 600000 (ten minutes)"
    })
  )
})
export type CheckInput = typeof CheckInput.Encoded

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

/** Every probe finished (a cancelled check never says this). */
export class CheckFinished extends Schema.TaggedClass<CheckFinished>()("CheckFinished", {
  total: Schema.Int,
  passed: Schema.Int,
  failed: Schema.Int,
  elapsedMs: Schema.Int
}) {}

export type CheckEvent = CheckStarted | CheckProgress | CheckFinished

/**
 * What a check's results blame. A model failed when no key passed it while a key it was tried with passed another
 * model: the key works, the model does not (unknown, or not served). A key failed everywhere when no model passed
 * with it while a model it was tried on passed with another key. A key refused on every model therefore blames the
 * key, never the models, and a run where nothing passed blames nothing.
 */
export const checkFailures = (
  checks: ReadonlyArray<ModelCheck>
): { readonly models: ReadonlyArray<string>; readonly keys: ReadonlyArray<string> } => {
  const keyOf = (check: ModelCheck) => check.result.keyId ?? ""
  const passedModels = new Set(checks.filter((c) => c.result.ok).map((c) => c.modelId))
  const passedKeys = new Set(checks.filter((c) => c.result.ok).map(keyOf))
  const failedOn = (own: (c: ModelCheck) => string, other: (c: ModelCheck) => string, passed: ReadonlySet<string>) => {
    return Object.entries(Arr.groupBy(checks, own))
      .filter(([, results]) => results.every((c) => !c.result.ok) && results.some((c) => passed.has(other(c))))
      .map(([name]) => name)
  }
  return {
    models: failedOn((c) => c.modelId, keyOf, passedKeys),
    keys: failedOn(keyOf, (c) => c.modelId, passedModels).filter((key) => key !== "")
  }
}
