/**
 * The provider lifecycle: what every frontend calls to add, change, switch on and off, reorder and remove providers
 * and their models, and to export or import the whole configuration. Input arrives unvalidated (`unknown`, shaped
 * like the `ProviderInput` schemas) and is decoded here, so every frontend gets the same errors.
 */
import { Context, type Effect } from "effect"
import type { ConfigDocument } from "./ConfigDocument"
import type {
  Conflict,
  DuplicateModel,
  DuplicateName,
  InvalidInput,
  NotFound,
  ProviderError,
  ProviderDisabled,
  StorageError
} from "./Errors"
import type { Endpoints } from "./BaseUrl"
import type { Provider } from "./Provider"
import type { RemoteModel } from "./RemoteModel"
import type { VerifyReport } from "./VerifyReport"

type Write<A> = Effect.Effect<A, NotFound | InvalidInput | DuplicateName | Conflict | StorageError>

export interface ProvidersService {
  readonly list: Effect.Effect<ReadonlyArray<Provider>, StorageError>
  readonly get: (id: string) => Effect.Effect<Provider, NotFound | StorageError>
  /** `input` is a `NewProvider`; a name whose slug is taken gets `-2`, `-3`, … */
  readonly add: (input: unknown) => Write<Provider>
  /**
   * Applies a `ProviderPatch`. With `revision`, a provider changed since then fails with `Conflict`; without it the
   * patch is applied to the current revision (retried if a concurrent write lands first), so no update is lost.
   */
  readonly update: (id: string, patch: unknown, options?: { readonly revision?: number }) => Write<Provider>
  readonly setEnabled: (id: string, enabled: boolean) => Write<Provider>
  /** `ids` must list every provider exactly once. */
  readonly reorder: (ids: unknown) => Effect.Effect<ReadonlyArray<Provider>, InvalidInput | StorageError>
  readonly remove: (id: string) => Effect.Effect<void, NotFound | StorageError>

  /** Adds one or several `NewModel`s; ids already on the provider (or repeated in `models`) fail the whole call. */
  readonly addModels: (id: string, models: unknown) => Effect.Effect<Provider, NotFound | InvalidInput | DuplicateModel | Conflict | StorageError>
  /** Applies a `ModelPatch` to one model. */
  readonly updateModel: (id: string, modelId: string, patch: unknown) => Write<Provider>
  readonly removeModel: (id: string, modelId: string) => Write<Provider>

  /** The exact URLs the provider's requests go to, for a stored provider or for unsaved settings. */
  readonly endpoints: (id: string, model?: string) => Effect.Effect<Endpoints, NotFound | StorageError>

  /** The whole configuration; keys are left out unless a passphrase is given, and then sealed with it. */
  readonly exportConfig: (options?: { readonly passphrase?: string }) => Effect.Effect<ConfigDocument, StorageError | InvalidInput>
  /**
   * Validates the whole document before writing anything, then writes all of it in one transaction: providers with
   * a known id are replaced (keeping stored keys when the document carries none), others are added.
   */
  readonly importConfig: (
    document: unknown,
    options?: { readonly passphrase?: string }
  ) => Effect.Effect<ReadonlyArray<Provider>, InvalidInput | DuplicateName | StorageError>

  /** The Verify ("Check") action: every key checked in parallel, staged and cheap. */
  readonly verify: (
    id: string,
    options?: { readonly model?: string }
  ) => Effect.Effect<VerifyReport, NotFound | UnknownModelOrDisabled | StorageError>
  /** The provider's own model list, every page read; a failure is an error, never an empty list. */
  readonly remoteModels: (id: string) => Effect.Effect<ReadonlyArray<RemoteModel>, NotFound | ProviderError | StorageError>
}

type UnknownModelOrDisabled = ProviderDisabled | InvalidInput

export class Providers extends Context.Tag("@switchboard/core/Providers")<Providers, ProvidersService>() {}
