import { SqlError } from "@effect/sql"
import { describe, expect, it } from "@effect/vitest"
import { storageError } from "../../src/pg/PgFailure"

/** A failure as node-postgres reports it, wrapped the way `@effect/sql` wraps it. */
const wrapped = (fields: { code?: string; message: string }) =>
  new SqlError.SqlError({ cause: Object.assign(new Error(fields.message), fields), message: "Failed to execute" })

describe("PgFailure.storageError", () => {
  it("calls a server that cannot be reached Unreachable, and the advice names SWITCHBOARD_DATABASE_URL", () => {
    for (const cause of [
      wrapped({ code: "ECONNREFUSED", message: "connect ECONNREFUSED 127.0.0.1:5432" }),
      wrapped({ code: "57P01", message: "terminating connection due to administrator command" }),
      wrapped({ code: "08006", message: "connection failure" }),
      wrapped({ message: "Connection terminated unexpectedly" }),
      wrapped({ message: "timeout exceeded when trying to connect" })
    ]) {
      const error = storageError("update provider", cause)
      expect(error.reason).toBe("Unreachable")
      expect(error.message).toContain("the database server is unreachable")
      expect(error.message).toContain("SWITCHBOARD_DATABASE_URL")
    }
  })

  it("gives a full disk and a read-only server their reasons, and other failures none", () => {
    expect(storageError("x", wrapped({ code: "53100", message: "could not extend file" })).reason).toBe("DiskFull")
    expect(storageError("x", wrapped({ code: "25006", message: "read-only transaction" })).reason).toBe("ReadOnly")
    const other = storageError("x", wrapped({ code: "42P01", message: 'relation "nope" does not exist' }))
    expect(other.reason).toBeUndefined()
    expect(other.message).toContain('relation "nope" does not exist')
  })
})
