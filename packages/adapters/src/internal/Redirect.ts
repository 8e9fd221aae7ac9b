/**
 * What a redirect from an upstream tells the user. Switchboard never follows one: the request carries the key, and a
 * redirect may point anywhere. A 301 used to read as "InvalidRequest … check the model id"; the usual cause is a base
 * URL that moved (http → https, a missing path segment), so the message says that it redirected, and where to, with
 * any credential in that address masked.
 */

/** Query parameter names that carry credentials (`api_key`, `token`, `sig`, `X-Amz-Credential`, …). */
const credentialName = /key|token|secret|sig|auth|pass|credential|session|code/i

/** `location` resolved against `from`, with its user info and credential-looking query values masked. */
export const maskedLocation = (location: string, from: string): string => {
  let url: URL
  try {
    url = new URL(location, from)
  } catch {
    return "an address that is not a URL"
  }
  if (url.username !== "") url.username = "[redacted]"
  if (url.password !== "") url.password = "[redacted]"
  for (const [name, value] of [...url.searchParams])
    if (value !== "" && credentialName.test(name)) url.searchParams.set(name, "[redacted]")
  // `URLSearchParams` encodes the brackets; the mask reads better as written.
  return url.toString().replace(/%5Bredacted%5D/g, "[redacted]")
}

/** A 3xx status: an answer that only points elsewhere. */
export const isRedirect = (status: number): boolean => status >= 300 && status < 400

/** The detail of a redirect answer to a request for `from`. */
export const redirectDetail = (location: string | undefined, from: string): string =>
  location === undefined || location.trim() === ""
    ? "The server answered with a redirect without saying where to; Switchboard does not follow redirects."
    : `The server redirected to ${maskedLocation(location.trim(), from)}; Switchboard does not follow redirects (the key would go along): if that is the provider's new address, set the base URL to it.`
