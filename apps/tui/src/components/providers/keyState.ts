/**
 * What the providers list says about a provider's keys: none, the masked key(s), or — once the user ran Verify on
 * exactly these keys — verified or failed. A report made before the keys changed no longer counts.
 */
import type { Provider } from "@switchboard/core/domain/Provider"
import type { VerifyReport } from "@switchboard/core/domain/VerifyReport"

export type KeyStateKind = "none" | "masked" | "verified" | "failed"

export interface KeyState {
  readonly kind: KeyStateKind
  readonly label: string
}

const sameKeys = (provider: Provider, report: VerifyReport): boolean => {
  const checked = report.results.map((r) => r.keyId ?? "").sort()
  const current = provider.apiKeys.length === 0 ? [""] : provider.apiKeys.map((k) => k.id as string).sort()
  return checked.length === current.length && checked.every((id, i) => id === current[i])
}

export const keyState = (provider: Provider, report: VerifyReport | undefined): KeyState => {
  const first = provider.apiKeys[0]
  const keys =
    first === undefined
      ? "no key"
      : provider.apiKeys.length === 1
        ? first.masked
        : `${first.masked} +${provider.apiKeys.length - 1}`
  if (report !== undefined && sameKeys(provider, report))
    return report.ok ? { kind: "verified", label: `✓ ${keys}` } : { kind: "failed", label: `✗ ${keys}` }
  return first === undefined ? { kind: "none", label: keys } : { kind: "masked", label: keys }
}
