/**
 * What a redirect from an upstream tells the user. Switchboard never follows one: the request carries the key, and a
 * redirect may point anywhere. A 301 used to read as "InvalidRequest … check the model id"; the usual cause is a base
 * URL that moved (http → https, a missing path segment), so the message says that it redirected, and where to, with
 * any credential in that address masked.
 */
import { maskUrl } from "@switchboard/core/domain/SecretUrl"

/** `location` resolved against `from`, its credentials masked by the core's one URL rule (`SecretUrl`). */
export const maskedLocation = (location: string, from: string): string => {
  try {
    return maskUrl(new URL(location, from).toString())
  } catch {
    return "an address that is not a URL"
  }
}

/** A 3xx status: an answer that only points elsewhere. */
export const isRedirect = (status: number): boolean => status >= 300 && status < 400

/** The detail of a redirect answer to a request for `from`. */
export const redirectDetail = (location: string | undefined, from: string): string =>
  location === undefined || location.trim() === ""
    ? "The server answered with a redirect without saying where to; Switchboard does not follow redirects."
    : `The server redirected to ${maskedLocation(location.trim(), from)}; Switchboard does not follow redirects (the key would go along): if that is the provider's new address, set the base URL to it.`
