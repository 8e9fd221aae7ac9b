/**
 * How a catalog file is written: JSON with one model a line, small (no indentation inside a model) yet readable in a
 * diff when the catalog is refreshed.
 */
import type { CatalogFile } from "./CatalogFile"

export const formatCatalogFile = (file: CatalogFile): string => {
  const sources = file.sources.map((source) => {
    const models = source.models.map((model) => `        ${JSON.stringify(model)}`).join(",\n")
    const head = `    { "id": ${JSON.stringify(source.id)}, "kind": ${JSON.stringify(source.kind)}, "models": [`
    return `${head}\n${models}\n      ]\n    }`
  })
  return `{\n  "format": ${file.format},\n  "snapshot": ${JSON.stringify(file.snapshot)},\n  "sources": [\n${sources.join(",\n")}\n  ]\n}\n`
}
