/**
 * Which of a provider's custom headers hold credentials, and how those values are shown. Users put keys in headers as
 * often as in the key list (`Authorization: Bearer …`, `X-Api-Key`, a gateway's `cf-aig-authorization`, `Cookie`), so
 * such values get the same treatment as keys everywhere: sealed at rest, masked in views, sealed in exports, scrubbed
 * from upstream errors. This module is the one place that decides which headers those are.
 */
import { maskKey } from "./ApiKey"

/**
 * Name fragments that mark a credential. Deliberately broad: masking or sealing a harmless header (`X-Session-Id`)
 * costs nothing, showing a secret one costs the secret.
 */
const secretName = /auth|key|token|secret|password|passwd|credential|cookie|session|signature|jwt/i

/** Whether the value of header `name` is a credential (`Authorization`, `X-Api-Key`, `x-goog-api-key`, `Cookie`, …). */
export const isSecretHeader = (name: string): boolean => secretName.test(name)

/** An auth scheme in front of the credential (`Bearer sk-…`): kept visible when masking, scrubbed on its own too. */
const scheme = /^([A-Za-z][A-Za-z0-9_-]*)[ \t]+(\S.*)$/

/** One credential header's value as a user sees it: the scheme stays (`Bearer sk-…abcd`), the rest is masked. */
export const maskHeaderValue = (value: string): string => {
  const match = scheme.exec(value)
  return match === null ? maskKey(value) : `${match[1]} ${maskKey(match[2]!)}`
}

/** The headers as anything user-facing shows them: credential values masked, the others as they are. */
export const maskHeaders = (headers: Readonly<Record<string, string>>): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) out[name] = isSecretHeader(name) ? maskHeaderValue(value) : value
  return out
}

/**
 * An edit of headers that started from `maskHeaders`' output: a credential that comes back exactly as it was shown
 * means "keep the stored value" (like `{id}` in `apiKeys`); anything else is taken as typed.
 */
export const restoreMaskedHeaders = (
  edited: Readonly<Record<string, string>>,
  stored: Readonly<Record<string, string>>
): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(edited)) {
    const current = Object.hasOwn(stored, name) ? stored[name] : undefined
    out[name] = current !== undefined && isSecretHeader(name) && value === maskHeaderValue(current) ? current : value
  }
  return out
}

/** The headers split into credentials and the rest, each keeping the original order. */
export const partitionHeaders = (
  headers: Readonly<Record<string, string>>
): { readonly plain: Record<string, string>; readonly secret: Record<string, string> } => {
  const plain: Record<string, string> = {}
  const secret: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (isSecretHeader(name)) secret[name] = value
    else plain[name] = value
  }
  return { plain, secret }
}

/** The credential headers only. */
export const secretHeaders = (headers: Readonly<Record<string, string>>): Record<string, string> =>
  partitionHeaders(headers).secret

/**
 * Shorter fragments are not scrubbed: replacing every `abc` in an error would garble it and protect nothing a
 * three-character credential could.
 */
const minScrubLength = 4

/**
 * Every string to scrub from text that may quote the credential headers back (an upstream's error): each whole value,
 * the credential after its scheme (`Bearer x` → `x`), and each cookie's value; longest first, so a value is replaced
 * before a fragment of it.
 */
export const secretHeaderValues = (headers: Readonly<Record<string, string>>): ReadonlyArray<string> => {
  const found = new Set<string>()
  const add = (text: string | undefined) => {
    const trimmed = text?.trim()
    if (trimmed !== undefined && trimmed.length >= minScrubLength) found.add(trimmed)
  }
  for (const [name, value] of Object.entries(headers)) {
    if (!isSecretHeader(name)) continue
    add(value)
    add(scheme.exec(value.trim())?.[2])
    for (const part of value.split(";")) add(part.slice(part.indexOf("=") + 1))
  }
  return [...found].sort((a, b) => b.length - a.length)
}
