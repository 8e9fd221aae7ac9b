/**
 * How each editable setting turns into text to edit and back into the patch `Providers.update` takes. The TUI does
 * not validate: the core does, and its problem shows under the field.
 */
import type { Provider } from "@switchboard/core/domain/Provider"
import { maskUrl, restoreMaskedUrl } from "@switchboard/core/domain/SecretUrl"
import type { ProviderPatch } from "@switchboard/core/domain/ProviderInput"
import { untrusted } from "../runtime/untrusted"
import type { Setting } from "./DetailState"

export const settingLabels: Readonly<Record<Setting | "enabled" | "type", string>> = {
  name: "Name",
  enabled: "Enabled",
  type: "Type",
  baseUrl: "Base URL",
  apiVersion: "API version",
  firstByteMs: "First byte (ms)",
  idleMs: "Idle (ms)",
  verifyMs: "Verify (ms)",
  maxRetries: "Retries"
}

const timeoutFields = ["firstByteMs", "idleMs", "verifyMs", "maxRetries"] as const
type TimeoutField = (typeof timeoutFields)[number]

const isTimeout = (setting: Setting): setting is TimeoutField =>
  (timeoutFields as ReadonlyArray<string>).includes(setting)

/** The stored value as the text shown and edited; a base URL's credentials masked, as everywhere they are shown. */
export const settingText = (provider: Provider, setting: Setting): string => {
  if (isTimeout(setting)) return String(provider.timeouts[setting])
  if (setting === "apiVersion") return provider.apiVersion ?? ""
  if (setting === "baseUrl") return maskUrl(provider.baseUrl)
  return provider[setting]
}

/** The base URL `text` stands for: a credential left as it was shown keeps its stored value. */
export const typedBaseUrl = (text: string, provider: Provider): string => restoreMaskedUrl(text, provider.baseUrl)

/**
 * The patch for `text`. Numbers are sent as numbers when they look like one and as typed otherwise, so the core's
 * message about the field (a whole number of milliseconds from 100 to …) is what the user reads.
 */
export const settingPatch = (setting: Setting, text: string, provider: Provider): ProviderPatch => {
  if (isTimeout(setting)) {
    const trimmed = text.trim()
    return { timeouts: { [setting]: /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : untrusted<number>(trimmed) } }
  }
  if (setting === "apiVersion") return { apiVersion: text.trim() === "" ? null : text }
  if (setting === "baseUrl") return { baseUrl: typedBaseUrl(text, provider) }
  return { [setting]: text }
}

/** The part of an `InvalidInput` field path that names this setting (`timeouts.idleMs` → `idleMs`). */
export const settingOfPath = (path: string): string => path.replace(/^timeouts\./, "")
