/** The model × key check results in the PostgreSQL database: SQLite's store (`sqlite/ModelCheckStoreSqlite`) as is. */
import type { SqlClient } from "@effect/sql"
import { Layer } from "effect"
import { ModelCheckStore } from "../ModelCheckStore"
import { makeWith } from "../sqlite/ModelCheckStoreSqlite"
import { storageError } from "./PgFailure"

export const make = makeWith(storageError)

export const layer: Layer.Layer<ModelCheckStore, never, SqlClient.SqlClient> = Layer.effect(ModelCheckStore, make)
