/**
 * The closed set of failures the core reports. Each carries what a frontend needs to say what went wrong and what to
 * do next; frontends switch on `_tag` (and on `reason` for `ProviderError`), never on message text.
 */
import { Schema } from "effect"
import { quotedId } from "./Excerpt"

/** A provider, model, key, conversation or message that does not exist. */
export class NotFound extends Schema.TaggedError<NotFound>()("NotFound", {
  entity: Schema.Literal("provider", "model", "apiKey", "conversation", "message", "preset"),
  id: Schema.String
}) {
  override get message() {
    return `No ${entityLabel[this.entity]} "${quotedId(this.id)}" exists. Check the id, or list them to see what is there.`
  }
}

const entityLabel = {
  provider: "provider",
  model: "model",
  apiKey: "API key",
  conversation: "conversation",
  message: "message",
  preset: "preset"
} as const

/** Provider names are unique, case-insensitively; so are ids, which the user may choose when adding one. */
export class DuplicateName extends Schema.TaggedError<DuplicateName>()("DuplicateName", {
  name: Schema.String,
  /**
   * The input field that clashes, so frontends and API clients can show the error there: `id` when it is the id the
   * user chose (`name` then holds that id).
   */
  field: Schema.optionalWith(Schema.Literal("name", "id"), { default: () => "name" })
}) {
  override get message() {
    return this.field === "id"
      ? `A provider with the id "${this.name}" already exists. Choose another id.`
      : `A provider named "${this.name}" already exists. Choose another name.`
  }
}

/** Model ids are unique within a provider. */
export class DuplicateModel extends Schema.TaggedError<DuplicateModel>()("DuplicateModel", {
  providerId: Schema.String,
  modelIds: Schema.Array(Schema.String)
}) {
  override get message() {
    const ids = this.modelIds.map((id) => `"${id}"`).join(", ")
    return `Provider "${this.providerId}" already has model ${ids}. Edit the existing model instead of adding it again.`
  }
}

/** Input that fails validation; `field` is the path of the offending field (`baseUrl`, `models[2].id`, …). */
export class InvalidInput extends Schema.TaggedError<InvalidInput>()("InvalidInput", {
  field: Schema.String,
  problem: Schema.String
}) {
  override get message() {
    return `${this.field}: ${this.problem}`
  }
}

/** An update based on a revision that is no longer current: someone else changed the provider first. */
export class Conflict extends Schema.TaggedError<Conflict>()("Conflict", {
  id: Schema.String,
  expectedRevision: Schema.Number,
  actualRevision: Schema.Number
}) {
  override get message() {
    return `Provider "${this.id}" changed since you loaded it (revision ${this.expectedRevision}, now ${this.actualRevision}). Reload it and apply your change again.`
  }
}

/** Chat or verify on a provider that is switched off. */
export class ProviderDisabled extends Schema.TaggedError<ProviderDisabled>()("ProviderDisabled", {
  providerId: Schema.String
}) {
  override get message() {
    return `Provider "${this.providerId}" is disabled. Enable it to use its models.`
  }
}

/** Chat with a model id that the provider does not list among its models. */
export class UnknownModel extends Schema.TaggedError<UnknownModel>()("UnknownModel", {
  providerId: Schema.String,
  modelId: Schema.String
}) {
  override get message() {
    return `Provider "${quotedId(this.providerId)}" has no model "${quotedId(this.modelId)}". Add it to the provider's models first.`
  }
}

/** Why the store failed, when it is known; frontends may switch on it, and it decides the advice in the message. */
export const StorageErrorReason = Schema.Literal(
  "DiskFull",
  "Busy",
  "ReadOnly",
  "Damaged",
  "Io",
  "MasterKey",
  "Unreachable"
)
export type StorageErrorReason = typeof StorageErrorReason.Type

const storageAdvice: Readonly<Record<StorageErrorReason, string>> = {
  DiskFull: "Free space on the disk that holds the data directory, then retry; nothing was saved.",
  Busy: "Another process holds the database; retry in a moment.",
  ReadOnly: "Make the data directory and its files writable by the user running Switchboard.",
  Damaged: "Restore the data directory from a backup; Switchboard will not overwrite it.",
  Io: "Check the data directory's disk and permissions.",
  MasterKey:
    "Restore master.key in the data directory or set SWITCHBOARD_MASTER_KEY to the key used before, " +
    "or run `switchboard keys forget-unreadable --yes` to drop the keys that cannot be read.",
  Unreachable:
    "Check that the PostgreSQL server in SWITCHBOARD_DATABASE_URL is running and reachable; Switchboard reconnects " +
    "by itself once it is."
}

/** The store could not be read or written (disk full, file locked, corrupt database, wrong master key). */
export class StorageError extends Schema.TaggedError<StorageError>()("StorageError", {
  operation: Schema.String,
  detail: Schema.String,
  reason: Schema.optional(StorageErrorReason)
}) {
  override get message() {
    const advice =
      this.reason === undefined ? "Check the data directory's disk space and permissions." : storageAdvice[this.reason]
    return `Storage failed while trying to ${this.operation}: ${this.detail}. ${advice}`
  }
}

/** Why a call to a provider failed; frontends switch on this. */
export const ProviderErrorReason = Schema.Literal(
  "Authentication",
  "NotFound",
  "RateLimit",
  "Timeout",
  "Network",
  "InvalidRequest",
  "Upstream",
  "InvalidOutput"
)
export type ProviderErrorReason = typeof ProviderErrorReason.Type

const advice: Readonly<Record<ProviderErrorReason, string>> = {
  Authentication:
    "Check the API key stored for this provider in Switchboard; the token used to reach Switchboard is not the problem.",
  NotFound: "Check the model id (or Azure deployment name) and the base URL.",
  RateLimit: "Wait and retry, or add another API key.",
  Timeout: "The provider did not answer in time; raise the provider's timeouts for slow models.",
  Network: "Check the base URL and that the server is running and reachable.",
  InvalidRequest: "The provider rejected the request; check the model id and the settings.",
  Upstream: "The provider failed on its side; retry later.",
  InvalidOutput:
    "The provider sent a response Switchboard cannot read; check that the provider type matches the server."
}

/**
 * One failure of one call to a provider. `detail` is the upstream's own words with any key scrubbed; `url` is the
 * exact URL called, never holding a key. `code`, `type` and `param` are the upstream's own machine-readable words,
 * as it spelled them, where it gave them (OpenAI's `error.code`/`type`/`param`, Anthropic's `error.type`, Google's
 * status word such as `INVALID_ARGUMENT`), so a gateway client can still switch on `context_length_exceeded`.
 */
export class ProviderError extends Schema.TaggedError<ProviderError>()("ProviderError", {
  reason: ProviderErrorReason,
  url: Schema.String,
  status: Schema.optional(Schema.Number),
  detail: Schema.String,
  retryAfterMs: Schema.optional(Schema.Number),
  code: Schema.optional(Schema.String),
  type: Schema.optional(Schema.String),
  param: Schema.optional(Schema.String),
  /** Requests made for this call before it gave up (retries and key failover); absent when there was one. */
  attempts: Schema.optional(Schema.Number)
}) {
  /** Worth retrying (possibly with another key) before any output reached the user. */
  get retryable(): boolean {
    return this.reason === "RateLimit" || this.reason === "Upstream" || this.reason === "Network"
  }

  override get message() {
    const status = this.status === undefined ? "" : ` (HTTP ${this.status})`
    // Said outright: a gateway client reading a bare 401 would otherwise blame its own token.
    const refused = this.reason === "Authentication" ? "the provider refused the API key Switchboard sent it: " : ""
    return `${this.reason}${status} from ${this.url}: ${refused}${this.detail} ${advice[this.reason]}`
  }
}

/** `error` with `change` applied (a `ProviderError` is immutable). */
export const withProviderFields = (
  error: ProviderError,
  change: Partial<Omit<ConstructorParameters<typeof ProviderError>[0], "reason" | "url">>
): ProviderError => {
  const { reason, url, status, detail, retryAfterMs, code, type, param, attempts } = error
  return new ProviderError({
    reason,
    url,
    detail,
    ...(status === undefined ? {} : { status }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...(code === undefined ? {} : { code }),
    ...(type === undefined ? {} : { type }),
    ...(param === undefined ? {} : { param }),
    ...(attempts === undefined ? {} : { attempts }),
    ...change
  })
}

/**
 * The provider was silent too long: before the answer's first byte (`firstByteMs`, counted from sending) or between
 * two of its chunks (`idleMs`). One wording for every watchdog (`ChatUpstream`'s, and the relay's in the adapters).
 */
export const silenceTimeout = (url: string, started: boolean, ms: number): ProviderError =>
  new ProviderError({
    reason: "Timeout",
    url,
    detail: started ? `The answer stalled: nothing arrived within ${ms} ms.` : `No answer started within ${ms} ms.`
  })

/**
 * Every error a core operation (Providers, Chat, Relay, the stores) can end with. A new error belongs here: tables
 * keyed by `CoreErrorTag` (the server's HTTP statuses) then fail to compile until they say how to answer it.
 */
export type CoreError =
  | NotFound
  | DuplicateName
  | DuplicateModel
  | InvalidInput
  | Conflict
  | ProviderDisabled
  | UnknownModel
  | StorageError
  | ProviderError

/** The `_tag` of every core error. */
export type CoreErrorTag = CoreError["_tag"]
