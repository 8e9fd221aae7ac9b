import { Layer } from "effect"
import * as ModelCheckStore from "../src/ModelCheckStore"
import * as ProviderStore from "../src/ProviderStore"
import { modelCheckStoreSuite } from "./ModelCheckStoreSuite"

modelCheckStoreSuite(
  "ModelCheckStore.layerMemory",
  ModelCheckStore.layerMemory.pipe(Layer.provideMerge(ProviderStore.layerMemory))
)
