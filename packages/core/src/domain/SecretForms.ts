/**
 * The one place that removes secrets from text an upstream sent back (an error body, a failure's message) before it
 * is shown, logged or stored. Upstreams rarely echo a key as it was sent: a proxy logs the URL it got (percent- or
 * form-encoded), a JSON error escapes it, an auth layer quotes the `Authorization: Basic …` it decoded, a debug page
 * prints it in hex. So each secret is scrubbed in every encoding such text uses, not only as typed. It runs only on
 * error text, and each secret's forms are computed once.
 */

/** Forms shorter than this are not scrubbed: replacing every `abcd` in an error would garble it and protect nothing. */
const minFormLength = 6

const base64url = (base64: string) => base64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")

/**
 * The base64 of `secret` wherever it sits inside a longer encoded text (`user:secret`, `secret:`, a JSON blob): for
 * each of the three byte alignments, the characters that depend on the secret's bytes only. At most the secret's first
 * and last two bytes stay visible, which is no way to the secret.
 */
const base64Cores = (secret: Buffer): ReadonlyArray<string> => {
  const cores: Array<string> = [secret.toString("base64")]
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), secret]).toString("base64")
    const skip = offset === 0 ? 0 : offset + 1
    const end = Math.floor((offset + secret.length) / 3) * 4
    cores.push(encoded.slice(skip, end))
  }
  return cores
}

const unicodeEscape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`

/**
 * The JSON escapings encoders use beyond `JSON.stringify`'s: `\/` (PHP), `\u0026` for `<`, `>`, `&` (Go), `\uXXXX`
 * for every non-ASCII character (Python's `ensure_ascii`).
 */
const jsonEscapings = (secret: string): ReadonlyArray<string> => {
  const json = JSON.stringify(secret).slice(1, -1)
  return [
    json,
    json.replace(/\//g, "\\/"),
    json.replace(/[<>&\u2028\u2029]/g, unicodeEscape),
    json.replace(/[^\x20-\x7e]/g, unicodeEscape)
  ]
}

/** Every way text may quote `secret`: as is, URL- and form-encoded, JSON-escaped, base64, base64url and hex. */
const computeForms = (secret: string): ReadonlyArray<string> => {
  const bytes = Buffer.from(secret, "utf8")
  const uri = encodeURIComponent(secret)
  const forms = [
    secret,
    uri,
    uri.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
    uri.replace(/%20/g, "+"),
    new URLSearchParams({ s: secret }).toString().slice(2),
    encodeURIComponent(uri),
    ...jsonEscapings(secret),
    ...base64Cores(bytes).flatMap((core) => [core, base64url(core)]),
    bytes.toString("hex"),
    bytes.toString("hex").toUpperCase()
  ]
  const unique = new Set(forms.filter((form) => form === secret || form.length >= minFormLength))
  return [...unique].sort((a, b) => b.length - a.length)
}

/** Forms by secret; bounded, so a process that sees many keys over its life does not keep them all. */
const cache = new Map<string, ReadonlyArray<string>>()
const cacheLimit = 512

/** Every form of `secret` worth scrubbing, longest first (so a whole encoding goes before a fragment of it). */
export const secretForms = (secret: string): ReadonlyArray<string> => {
  const cached = cache.get(secret)
  if (cached !== undefined) return cached
  if (cache.size >= cacheLimit) cache.clear()
  const forms = computeForms(secret)
  cache.set(secret, forms)
  return forms
}

/** What a secret becomes in scrubbed text. */
export const redactedMark = "[redacted]"

/** `text` with every form of every non-empty secret replaced by `[redacted]`. */
export const scrubSecrets = (text: string, secrets: Iterable<string>): string => {
  const forms: Array<string> = []
  for (const secret of secrets) if (secret.length > 0) forms.push(...secretForms(secret))
  forms.sort((a, b) => b.length - a.length)
  let out = text
  for (const form of forms) if (out.includes(form)) out = out.split(form).join(redactedMark)
  return out
}
