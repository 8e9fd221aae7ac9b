/**
 * Vitest's global setup for the suites that need PostgreSQL: one throwaway cluster (`PgCluster`) per run of a
 * project, shared by its test files through `SWITCHBOARD_TEST_DATABASE_URL` (workers inherit the environment). A URL
 * already in the environment is used as it is (a developer's own server); without one and without PostgreSQL's
 * binaries the suites skip with a message, except under `CI=true`, where PostgreSQL is required.
 */
import { findBinaries, startCluster } from "./PgCluster"
import { databaseUrlVariable } from "./PgTestDatabase"

export default async function setup(): Promise<(() => void) | undefined> {
  if (process.env[databaseUrlVariable]) return undefined
  const bin = findBinaries()
  if (bin === undefined) {
    if (process.env.CI === "true") throw new Error("CI needs PostgreSQL: apt-get install postgresql (see .ci/run)")
    process.stderr.write("PostgreSQL suites skipped: no initdb found (apt-get install postgresql runs them)\n")
    return undefined
  }
  const cluster = await startCluster(bin)
  process.env[databaseUrlVariable] = cluster.url
  return () => cluster.destroy()
}
