/**
 * A small model catalog in Switchboard's catalog-file format (`CatalogFile` in the core), for tests of a catalog
 * refresh: the given models as OpenAI's own listing, so an OpenAI-type provider finds them.
 */

export interface TestCatalogModel {
  readonly id: string
  readonly contextLength?: number
  readonly capabilities?: Readonly<Record<string, boolean>>
}

export const testCatalog = (models: ReadonlyArray<TestCatalogModel>) => ({
  format: 1 as const,
  snapshot: { from: "test", takenAt: "2026-01-01T00:00:00Z", license: "MIT" },
  sources: [
    {
      id: "openai",
      kind: "provider" as const,
      models: models.map((model) => ({ capabilities: {}, ...model }))
    }
  ]
})
