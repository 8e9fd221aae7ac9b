/**
 * How each editable setting turns into text to edit and back into the patch `Providers.update` takes. The TUI does
 * not validate: the core does, and its problem shows under the field.
 */
import type { Provider } from "@switchboard/core/domain/Provider"
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

/** The stored value as the text a user starts editing from. */
export const settingText = (provider: Provider, setting: Setting): string => {
  if (isTimeout(setting)) return String(provider.timeouts[setting])
  if (setting === "apiVersion") return provider.apiVersion ?? ""
  return provider[setting]
}

/**
 * The patch for `text`. Numbers are sent as numbers when they look like one and as typed otherwise, so the core's
 * message about the field (a whole number of milliseconds from 100 to …) is what the user reads.
 */
export const settingPatch = (setting: Setting, text: string): ProviderPatch => {
  if (isTimeout(setting)) {
    const trimmed = text.trim()
    return { timeouts: { [setting]: /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : untrusted<number>(trimmed) } }
  }
  if (setting === "apiVersion") return { apiVersion: text.trim() === "" ? null : text }
  return { [setting]: text }
}

/** The part of an `InvalidInput` field path that names this setting (`timeouts.idleMs` → `idleMs`). */
export const settingOfPath = (path: string): string => path.replace(/^timeouts\./, "")
