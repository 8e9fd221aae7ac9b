import { describe, expect, it } from "vitest"
import { allowedOrigins, ConfigProblem, defaultPort, isLoopback, loadConfig } from "../src/Config"

/** 32 random bytes as hex, as the refusal advises. */
const strongToken = "5f0c1e9a7b3d48e2a6c4f1b09d8e7a3c2b1f0e9d8c7b6a5f4e3d2c1b0a998877"

describe("loadConfig", () => {
  it("defaults to loopback on port 8787 with a generated token", () => {
    const config = loadConfig({})
    expect(config).toMatchObject({ host: "127.0.0.1", port: defaultPort, token: undefined, extraOrigins: [] })
    expect(defaultPort).toBe(8787)
  })

  it.each(["0.0.0.0", "192.168.1.10", "::", "example.com"])("refuses to expose %s without a token", (host) => {
    expect(() => loadConfig({ SWITCHBOARD_HOST: host })).toThrow(ConfigProblem)
    expect(() => loadConfig({ SWITCHBOARD_HOST: host })).toThrow(/openssl rand -hex 32/)
    expect(loadConfig({ SWITCHBOARD_HOST: host, SWITCHBOARD_TOKEN: strongToken }).host).toBe(host)
  })

  it.each(["short", "aaaaaaaaaaaaaaaa", "a".repeat(64), "a-long-enough-secret-token", "Passw0rd!".repeat(6)])(
    "refuses to expose the server with the guessable token %s, saying how to make a good one",
    (token) => {
      expect(() => loadConfig({ SWITCHBOARD_HOST: "0.0.0.0", SWITCHBOARD_TOKEN: token })).toThrow(
        /guessable SWITCHBOARD_TOKEN.*at least 128.*openssl rand -hex 32/
      )
      // On loopback the token is not the only wall, so any token is accepted there.
      expect(loadConfig({ SWITCHBOARD_HOST: "127.0.0.1", SWITCHBOARD_TOKEN: token }).token).toBe(token)
    }
  )

  it.each(["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"])("treats %s as loopback", (host) => {
    expect(isLoopback(host)).toBe(true)
    expect(loadConfig({ SWITCHBOARD_HOST: host }).host).toBe(host)
  })

  it("reads the port, grace period and extra origins, refusing bad numbers", () => {
    const config = loadConfig({
      SWITCHBOARD_PORT: "9000",
      SWITCHBOARD_SHUTDOWN_GRACE_MS: "250",
      SWITCHBOARD_DASHBOARD_ORIGIN: "http://localhost:5173, http://127.0.0.1:5173"
    })
    expect(config).toMatchObject({
      port: 9000,
      shutdownGraceMs: 250,
      extraOrigins: ["http://localhost:5173", "http://127.0.0.1:5173"]
    })
    for (const port of ["http", "-1", "70000", "80.5"])
      expect(() => loadConfig({ SWITCHBOARD_PORT: port })).toThrow(/SWITCHBOARD_PORT/)
    expect(() => loadConfig({ SWITCHBOARD_TOKEN: "has space in it" })).toThrow(ConfigProblem)
  })

  it("allows the server's own origins and the extra ones", () => {
    expect(allowedOrigins({ host: "127.0.0.1", extraOrigins: ["http://localhost:5173"] }, 8787)).toEqual([
      "http://127.0.0.1:8787",
      "http://localhost:8787",
      "http://[::1]:8787",
      "http://localhost:5173"
    ])
  })
})
