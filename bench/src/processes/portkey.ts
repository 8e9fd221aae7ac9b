/**
 * Starts the Portkey gateway (`@portkey-ai/gateway`, its own `build/start-server.js`) on loopback only. Portkey has
 * no bind flag and listens on every interface (`serve({ fetch, port })` without a host), so this launcher forces the
 * host of every `listen` to 127.0.0.1 before Portkey loads. It also refuses any `fetch` to a non-loopback address:
 * the benchmark machine has no network, and Portkey's optional plugins know hosts on the internet.
 * Usage: `spawnHelper("portkey", ["--headless", "--port=N"])` (Portkey reads those flags from `process.argv` itself).
 */
import { createRequire } from "node:module"
import { Server } from "node:net"
import { pathToFileURL } from "node:url"

type Listen = (...args: Array<unknown>) => Server
const listen = Server.prototype.listen as unknown as Listen
Server.prototype.listen = function (this: Server, ...args: Array<unknown>) {
  const [first] = args
  if (typeof first === "number" || typeof first === "string") {
    const callback = args.find((arg) => typeof arg === "function")
    return listen.call(this, { port: Number(first), host: "127.0.0.1" }, ...(callback === undefined ? [] : [callback]))
  }
  if (typeof first === "object" && first !== null && "port" in first)
    return listen.call(this, { ...first, host: "127.0.0.1" }, ...args.slice(1))
  return listen.apply(this, args)
} as typeof Server.prototype.listen

const realFetch = globalThis.fetch
globalThis.fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input))
  if (!["127.0.0.1", "localhost", "[::1]"].includes(url.hostname))
    return Promise.reject(new Error(`bench: refused a request to ${url.host}, only loopback is allowed`))
  return realFetch(input, init)
}

// Resolved from this package, where `@portkey-ai/gateway` is a dev dependency; its `exports` do not list the start
// script, so it is found next to its package.json.
const manifest = createRequire(import.meta.url).resolve("@portkey-ai/gateway/package.json")
await import(pathToFileURL(manifest.replace(/package\.json$/, "build/start-server.js")).href)

// Like the other helpers: gone when the parent is.
process.stdin.resume()
process.stdin.on("close", () => process.exit(0))
