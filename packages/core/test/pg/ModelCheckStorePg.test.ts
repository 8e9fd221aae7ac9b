import { Layer } from "effect"
import * as ModelCheckStorePg from "../../src/pg/ModelCheckStorePg"
import * as ProviderStorePg from "../../src/pg/ProviderStorePg"
import * as Secrets from "../../src/Secrets"
import { modelCheckStoreSuite } from "../ModelCheckStoreSuite"
import { describePg, freshDatabase } from "./pgDatabase"

describePg("ModelCheckStorePg", () => {
  modelCheckStoreSuite(
    "ModelCheckStorePg.layer",
    Layer.merge(ModelCheckStorePg.layer, ProviderStorePg.layer).pipe(
      Layer.provide(Layer.merge(freshDatabase, Secrets.layerTest))
    )
  )
})
