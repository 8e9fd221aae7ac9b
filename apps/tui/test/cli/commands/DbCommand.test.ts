import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { commandRunner } from "../../support/runCommand"

// The copy itself is tested on a real PostgreSQL in core (test/pg/Copy.test.ts) and by the two-instance drill.
const saved = process.env.SWITCHBOARD_DATABASE_URL
beforeEach(() => {
  delete process.env.SWITCHBOARD_DATABASE_URL
})
afterEach(() => {
  if (saved === undefined) delete process.env.SWITCHBOARD_DATABASE_URL
  else process.env.SWITCHBOARD_DATABASE_URL = saved
})

const run = async (...args: ReadonlyArray<string>) => {
  const cli = commandRunner()
  try {
    return await cli.run(...args)
  } finally {
    await cli.dispose()
  }
}

describe("switchboard db", () => {
  it("migrate without SWITCHBOARD_DATABASE_URL names the variable", async () => {
    const result = await run("db", "migrate")
    expect(result.code).toBe(1)
    expect(result.stderr).toContain("SWITCHBOARD_DATABASE_URL: is not set")
  })

  it("migrate with a URL that is not PostgreSQL's says what it must look like", async () => {
    process.env.SWITCHBOARD_DATABASE_URL = "mysql://db/switchboard"
    const result = await run("db", "migrate")
    expect(result.code).toBe(1)
    expect(result.stderr).toContain("must be a PostgreSQL URL")
  })

  it("copy names the missing or wrong option, and a source file that does not exist", async () => {
    expect((await run("db", "copy", "--to", "postgres://127.0.0.1:1/x")).stderr).toContain("missing --from")
    expect((await run("db", "copy", "--from", "a.db", "--to", "sqlite://a.db")).stderr).toContain(
      "--to must be a PostgreSQL URL"
    )
    const missing = await run("db", "copy", "--from", "/nonexistent/switchboard.db", "--to", "postgres://127.0.0.1:1/x")
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain("from: there is no SQLite database at /nonexistent/switchboard.db")
  })

  it("refuses an unknown action", async () => {
    const result = await run("db", "drop")
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('unknown db action "drop"')
  })
})
