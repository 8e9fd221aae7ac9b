/**
 * Serves the built dashboard (`apps/web/dist`) at `/`: files as they are, hashed assets cached for good, and every
 * other GET that looks like a page answered with `index.html` so the dashboard's client-side routes survive a reload.
 * When the dashboard is not built yet, a short page says how to build it instead of a bare 404. Every page carries the
 * security headers (`SecurityHeaders`), every file `nosniff`.
 */
import { readFile, stat } from "node:fs/promises"
import { extname, join, normalize, sep } from "node:path"
import { Hono } from "hono"
import { fileHeaders, pageHeaders } from "./SecurityHeaders"

const contentTypes: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".ico": "image/x-icon",
  ".webp": "image/webp",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".webmanifest": "application/manifest+json"
}

const notBuilt = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Switchboard</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem}code{background:#eee;padding:.1em .3em;border-radius:3px}</style>
</head><body>
<h1>Switchboard is running</h1>
<p>The dashboard has not been built yet. Build it with <code>npx -y pnpm@10.34.8 --filter @switchboard/web build</code>
and reload this page.</p>
<p>The API works already: see <a href="/docs">the API docs</a>, or call <code>/api/providers</code> and the
OpenAI-compatible <code>/v1/chat/completions</code> with the token the server printed at start.</p>
</body></html>`

const notBuiltHeaders = pageHeaders(notBuilt)

/** Reads `path` if it is a file; `undefined` for anything else (missing, a directory, unreadable). */
const readIfFile = async (path: string): Promise<Buffer | undefined> => {
  try {
    return (await stat(path)).isFile() ? await readFile(path) : undefined
  } catch {
    return undefined
  }
}

export const dashboardRoutes = (root: string) => {
  const base = normalize(root)
  return new Hono().get("*", async (c) => {
    const relative = c.req.path
    const file = normalize(join(base, relative))
    // `normalize` resolves `..`; anything that lands outside the dashboard's folder is not served.
    const inside = file === base || file.startsWith(base.endsWith(sep) ? base : base + sep)
    const body = inside && extname(file) !== "" ? await readIfFile(file) : undefined
    if (body !== undefined) {
      const immutable = relative.startsWith("/assets/")
      const type = contentTypes[extname(file).toLowerCase()] ?? "application/octet-stream"
      return c.body(new Uint8Array(body), 200, {
        ...(type === contentTypes[".html"] ? pageHeaders(body.toString("utf8")) : fileHeaders),
        "content-type": type,
        "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache"
      })
    }
    // A missing file with an extension is a real 404, not a page: a stale asset must not get HTML back.
    if (extname(file) !== "" && !file.endsWith(".html")) return c.text("Not found", 404)
    const index = await readIfFile(join(base, "index.html"))
    if (index === undefined) return c.html(notBuilt, 503, notBuiltHeaders)
    return c.body(new Uint8Array(index), 200, {
      ...pageHeaders(index.toString("utf8")),
      "content-type": contentTypes[".html"]!,
      "cache-control": "no-cache"
    })
  })
}
