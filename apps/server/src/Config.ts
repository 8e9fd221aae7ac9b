/**
 * The server's settings, from the environment. Everything has a safe default: loopback only, port 8787 (the
 * README's), a token generated on first start. A non-loopback `SWITCHBOARD_HOST` additionally needs an explicit
 * `SWITCHBOARD_TOKEN` that estimates at 128 bits or more (`TokenStrength`): exposing the server is a decision, so its
 * secret must be one too.
 */
import { isIP } from "node:net"
import { fileURLToPath } from "node:url"
import { estimateTokenBits, minExposedTokenBits, tokenAdvice } from "./TokenStrength"

export interface ServerConfig {
  readonly host: string
  readonly port: number
  /** `SWITCHBOARD_TOKEN`; without it the token is generated once and kept in the data directory. */
  readonly token: string | undefined
  /** Where the built dashboard is (`SWITCHBOARD_WEB_DIR`, default `apps/web/dist`). */
  readonly webRoot: string
  /** Extra origins allowed to call the API from a browser (`SWITCHBOARD_DASHBOARD_ORIGIN`, comma-separated). */
  readonly extraOrigins: ReadonlyArray<string>
  /** How long shutdown waits for open streams before ending them (`SWITCHBOARD_SHUTDOWN_GRACE_MS`). */
  readonly shutdownGraceMs: number
}

export const defaultPort = 8787

/** A configuration the server refuses to start with; `message` says what to change. */
export class ConfigProblem extends Error {
  override readonly name = "ConfigProblem"
}

/** `true` for addresses only this machine can reach. */
export const isLoopback = (host: string): boolean => {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase()
  if (bare === "localhost" || bare === "::1") return true
  return isIP(bare) === 4 && bare.startsWith("127.")
}

// Both the sources (`src/`) and the bundle (`dist/`) sit two levels below the repository's `apps/`.
const defaultWebRoot = fileURLToPath(new URL("../../web/dist", import.meta.url))

const nonEmpty = (value: string | undefined) => (value === undefined || value.trim() === "" ? undefined : value.trim())

const integer = (name: string, raw: string | undefined, fallback: number, min: number, max: number): number => {
  const value = nonEmpty(raw)
  if (value === undefined) return fallback
  const parsed = Number(value)
  if (!Number.isInteger(parsed) || parsed < min || parsed > max)
    throw new ConfigProblem(`${name} must be a whole number from ${min} to ${max} (got "${value}").`)
  return parsed
}

export const loadConfig = (env: NodeJS.ProcessEnv): ServerConfig => {
  const host = nonEmpty(env.SWITCHBOARD_HOST) ?? "127.0.0.1"
  const token = nonEmpty(env.SWITCHBOARD_TOKEN)
  if (!isLoopback(host) && token === undefined)
    throw new ConfigProblem(
      `Refusing to listen on ${host} (reachable from other machines) without a token: set SWITCHBOARD_TOKEN (${tokenAdvice}), or leave SWITCHBOARD_HOST at 127.0.0.1.`
    )
  if (!isLoopback(host) && token !== undefined && estimateTokenBits(token) < minExposedTokenBits)
    throw new ConfigProblem(
      `Refusing to listen on ${host} (reachable from other machines) with a guessable SWITCHBOARD_TOKEN: it estimates at about ${Math.floor(estimateTokenBits(token))} bits, and at least ${minExposedTokenBits} are needed. Use a random one: ${tokenAdvice}.`
    )
  if (token !== undefined && /\s/.test(token)) throw new ConfigProblem("SWITCHBOARD_TOKEN must not contain spaces.")
  return {
    host,
    port: integer("SWITCHBOARD_PORT", env.SWITCHBOARD_PORT, defaultPort, 0, 65535),
    token,
    webRoot: nonEmpty(env.SWITCHBOARD_WEB_DIR) ?? defaultWebRoot,
    extraOrigins: (env.SWITCHBOARD_DASHBOARD_ORIGIN ?? "")
      .split(",")
      .map((origin) => origin.trim())
      .filter((origin) => origin !== ""),
    shutdownGraceMs: integer("SWITCHBOARD_SHUTDOWN_GRACE_MS", env.SWITCHBOARD_SHUTDOWN_GRACE_MS, 5000, 0, 600_000)
  }
}

/** The origins a browser may call from: the server's own address (under each loopback name) plus the extra ones. */
export const allowedOrigins = (config: Pick<ServerConfig, "host" | "extraOrigins">, port: number) => {
  const hosts = isLoopback(config.host) ? ["127.0.0.1", "localhost", "[::1]"] : [config.host]
  return [...hosts.map((host) => `http://${host}:${port}`), ...config.extraOrigins]
}
