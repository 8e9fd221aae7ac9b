import { Effect, Layer } from "effect"
import { join } from "node:path"
import * as Database from "../../src/sqlite/Database"
import * as ModelCheckStoreSqlite from "../../src/sqlite/ModelCheckStoreSqlite"
import * as ProviderStoreSqlite from "../../src/sqlite/ProviderStoreSqlite"
import * as Secrets from "../../src/Secrets"
import { modelCheckStoreSuite } from "../ModelCheckStoreSuite"
import { tempDir } from "../support/tempDir"

modelCheckStoreSuite(
  "ModelCheckStoreSqlite.layer",
  Layer.unwrapScoped(
    Effect.map(tempDir, (dir) =>
      Layer.merge(ModelCheckStoreSqlite.layer, ProviderStoreSqlite.layer).pipe(
        Layer.provide(Secrets.layerTest),
        Layer.provide(Database.layerFile(join(dir, Database.fileName)))
      )
    )
  )
)
