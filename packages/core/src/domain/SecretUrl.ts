/**
 * Which parts of a URL are credentials, and how such a URL is shown. Some gateways take their key in the base URL's
 * query (`https://gw.example/v1?key=…`, as the README suggests for them) and a URL may carry `user:password@`; those
 * parts get the same treatment as keys everywhere: sealed at rest, masked wherever a URL is shown (provider views, URL
 * previews, verify reports, a chat's `start` event, errors), left out of key-less exports and scrubbed from upstream
 * errors, while the adapters still send the real URL. This module is the one place that decides which parts those are
 * (`SecretHeaders` decides it for headers). It works on the text, so everything else in the URL stays as typed.
 */
import { maskKey } from "./ApiKey"

/**
 * Query parameter names that mark a credential, after lower-casing and dropping `-` and `_` (`api_key`, `API-Key`,
 * `x-api-key`, `access_token`, `sig`, `X-Amz-Signature`). Deliberately broad, as for headers: masking a harmless
 * parameter costs nothing, showing a secret one costs the secret. `api-version`, `alt`, `model` are not among them.
 */
const secretName = /key|token|secret|passw|pwd|auth|credential|session|jwt|signature|^sig$|^code$|^pass$/

/** Whether the value of query parameter `name` is a credential. */
export const isSecretQueryName = (name: string): boolean => secretName.test(name.toLowerCase().replace(/[-_]/g, ""))

const decode = (text: string): string => {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "))
  } catch {
    return text
  }
}

const parts = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/i

/**
 * `url` with each credential rewritten by `replace` (given the value as typed, decoded, and its parameter's decoded
 * name), or the userinfo by `userinfo` (which returns the `@` too, or nothing); text that is not a URL is returned as
 * it is.
 */
const rewrite = (
  url: string,
  replace: (raw: string, decoded: string, name: string) => string,
  userinfo: (raw: string) => string
): string => {
  // Most URLs carry neither a query nor userinfo: they cost one scan each (this runs on every call).
  if (!url.includes("?") && !url.includes("@")) return url
  const match = parts.exec(url)
  if (match === null) return url
  const [, scheme, authority = "", path = "", query, fragment = ""] = match
  const at = authority.lastIndexOf("@")
  const host = at === -1 ? authority : `${userinfo(authority.slice(0, at))}${authority.slice(at + 1)}`
  const search =
    query === undefined
      ? ""
      : `?${query
          .slice(1)
          .split("&")
          .map((pair) => {
            const equals = pair.indexOf("=")
            const name = equals === -1 ? "" : decode(pair.slice(0, equals))
            if (equals === -1 || !isSecretQueryName(name)) return pair
            const raw = pair.slice(equals + 1)
            return `${pair.slice(0, equals + 1)}${replace(raw, decode(raw), name)}`
          })
          .join("&")}`
  return `${scheme}${host}${path}${search}${fragment}`
}

/** The credentials in `url` (userinfo parts, credential query values), decoded, for scrubbing and sealing. */
export const urlSecretValues = (url: string): ReadonlyArray<string> => {
  const found = new Set<string>()
  rewrite(
    url,
    (raw, decoded) => {
      if (decoded !== "") found.add(decoded)
      return raw
    },
    (info) => {
      for (const part of info.split(":")) if (part !== "") found.add(decode(part))
      return `${info}@`
    }
  )
  return [...found]
}

/** Whether `url` carries a credential. */
export const hasUrlSecrets = (url: string): boolean => urlSecretValues(url).length > 0

/** `url` as anything user-facing shows it: each credential masked like a key (`?key=abc…wxyz`, `…@host`). */
export const maskUrl = (url: string): string =>
  rewrite(
    url,
    (raw, decoded) => (decoded === "" ? raw : maskKey(decoded)),
    () => "…@"
  )

/** `url` with every credential left out (`?key=`, no userinfo): what is stored in the clear and exported without keys. */
export const withoutUrlSecrets = (url: string): string =>
  rewrite(
    url,
    () => "",
    () => ""
  )

/**
 * An edit that started from `maskUrl`'s output: each credential that comes back exactly as it was shown (the same
 * parameter, masked the same way; the `…@` userinfo) keeps its stored value, like `{id}` in `apiKeys`, so changing the
 * host or another parameter of a URL whose key was masked keeps the key. Anything else is taken as typed.
 */
export const restoreMaskedUrl = (edited: string, stored: string): string => {
  if (!hasUrlSecrets(stored)) return edited
  const storedValues = new Map<string, string>()
  let storedInfo: string | undefined
  rewrite(
    stored,
    (raw, _, name) => {
      storedValues.set(name, raw)
      return raw
    },
    (info) => {
      storedInfo = info
      return `${info}@`
    }
  )
  return rewrite(
    edited,
    (raw, decoded, name) => {
      const kept = storedValues.get(name)
      return kept !== undefined && decode(kept) !== "" && decoded === maskKey(decode(kept)) ? kept : raw
    },
    (info) => `${info === "…" && storedInfo !== undefined ? storedInfo : info}@`
  )
}
