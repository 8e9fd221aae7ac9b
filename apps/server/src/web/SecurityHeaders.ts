/**
 * The headers every page the server renders carries (the dashboard, its not-built page and `/docs`): a
 * Content-Security-Policy that lets a page load only its own origin's scripts, styles and data (so injected markup
 * cannot run or send the token elsewhere), that forbids framing (against clickjacking, with `X-Frame-Options` for old
 * browsers), and `nosniff`. A page's own inline `<script>` and `<style>` blocks are allowed by their SHA-256 hashes,
 * computed from the page itself, so the policy never needs `'unsafe-inline'` and follows the page when it changes.
 */
import { createHash } from "node:crypto"

const hashes = (html: string, tag: "script" | "style"): ReadonlyArray<string> =>
  // Inline blocks only: `<script src=…>` has no body to hash and is covered by 'self'.
  [...html.matchAll(new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, "gi"))]
    .map((match) => match[1]!)
    .filter((body) => body.trim() !== "")
    .map((body) => `'sha256-${createHash("sha256").update(body, "utf8").digest("base64")}'`)

/** The policy for `html`: its own origin, plus its inline blocks by hash. */
export const contentSecurityPolicy = (html: string): string =>
  [
    "default-src 'self'",
    `script-src ${["'self'", ...hashes(html, "script")].join(" ")}`,
    `style-src ${["'self'", ...hashes(html, "style")].join(" ")}`,
    // The favicon is a data: URL.
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'"
  ].join("; ")

/** The headers for a page whose HTML is `html`. */
export const pageHeaders = (html: string): Readonly<Record<string, string>> => ({
  "content-security-policy": contentSecurityPolicy(html),
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer"
})

/** The headers for any other file served (scripts, styles, images): never sniffed as another type. */
export const fileHeaders: Readonly<Record<string, string>> = { "x-content-type-options": "nosniff" }
