/**
 * The PostgreSQL a test may use: the cluster `PgSetup` started (or the developer's, by URL), and a fresh database on
 * it per test, so every test starts empty. `available` is false where no PostgreSQL could be found; suites then
 * skip (`describe.skipIf(!available)`), and under `CI=true` importing this module fails instead.
 */
import pg from "pg"

/** Where `PgSetup` leaves the cluster's URL for the test workers. */
export const databaseUrlVariable = "SWITCHBOARD_TEST_DATABASE_URL"

const clusterUrl = process.env[databaseUrlVariable] || undefined

export const available = clusterUrl !== undefined

if (!available && process.env.CI === "true" && process.env.VITEST_WORKER_ID !== undefined) {
  throw new Error(`${databaseUrlVariable} is not set under CI: the PostgreSQL suites need PgSetup as globalSetup`)
}

let created = 0

/** The URL of a new, empty database on the test cluster. */
export const createDatabase = async (): Promise<string> => {
  if (clusterUrl === undefined) throw new Error(`${databaseUrlVariable} is not set: no PostgreSQL for this test`)
  const url = new URL(clusterUrl)
  const name = `test_${process.pid}_${++created}_${Math.random().toString(36).slice(2, 8)}`
  const admin = new pg.Client({ connectionString: clusterUrl })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${name}`)
  } finally {
    await admin.end()
  }
  url.pathname = `/${name}`
  return url.toString()
}
