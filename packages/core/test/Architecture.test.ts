/**
 * Two rules of the repo's shape that no compiler checks: the TypeScript modules of `packages/core/src` and
 * `packages/adapters/src` import each other without a cycle (a cycle makes load order matter, and leaves a module
 * half-initialised when it is entered from the "wrong" end), and no file under `apps/` or `bench/` imports a subpath of
 * `@switchboard/core` or `@switchboard/adapters` that the package's `exports` close (`"./internal/*": null`), or
 * reaches into a package's modules (`src` of a package) by a relative path. Imports are found and resolved by the
 * TypeScript compiler itself, with each package's tsconfig (`moduleResolution: Bundler`, extension-less relative
 * imports), so the graph is the one `tsc` sees; type-only imports count too.
 */
import { describe, expect, it } from "@effect/vitest"
import { readdirSync, readFileSync, realpathSync } from "node:fs"
import { dirname, join, relative, resolve, sep } from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..")
const skipped = new Set(["node_modules", "dist", ".turbo", "coverage", "artifacts"])
const sourceFile = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/

const filesUnder = (dir: string): Array<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return skipped.has(entry.name) ? [] : filesUnder(path)
    return sourceFile.test(entry.name) && !entry.name.endsWith(".d.ts") ? [path] : []
  })

/** Every module specifier in `file`: imports, re-exports, `import type`, dynamic `import()` and `require`. */
const specifiers = (file: string): Array<string> =>
  ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles.map((imported) => imported.fileName)

const compilerOptions = (packageDir: string): ts.CompilerOptions => {
  const configFile = join(packageDir, "tsconfig.json")
  const { config } = ts.readConfigFile(configFile, ts.sys.readFile)
  return ts.parseJsonConfigFileContent(config, ts.sys, packageDir, undefined, configFile).options
}

/** A graph of module → modules it imports (real paths), as `tsc` resolves them. */
type Graph = ReadonlyMap<string, ReadonlyArray<string>>

const importGraph = (packageDirs: ReadonlyArray<string>): Graph => {
  const graph = new Map<string, Array<string>>()
  for (const packageDir of packageDirs) {
    const options = compilerOptions(packageDir)
    for (const file of filesUnder(join(packageDir, "src"))) {
      const targets = specifiers(file).flatMap((specifier) => {
        const resolved = ts.resolveModuleName(specifier, file, options, ts.sys).resolvedModule
        // A workspace package resolves through node_modules to its real files, which stay in the graph.
        const target = resolved === undefined ? undefined : realpathSync(resolved.resolvedFileName)
        return target === undefined || target.split(sep).includes("node_modules") ? [] : [target]
      })
      graph.set(realpathSync(file), targets)
    }
  }
  return graph
}

/** Each import cycle of `graph` once, as the path around it (Tarjan's strongly connected components). */
export const findCycles = (graph: Graph): Array<Array<string>> => {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: Array<string> = []
  const onStack = new Set<string>()
  const cycles: Array<Array<string>> = []
  const visit = (node: string) => {
    index.set(node, index.size)
    low.set(node, index.get(node)!)
    stack.push(node)
    onStack.add(node)
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next)
        low.set(node, Math.min(low.get(node)!, low.get(next)!))
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!))
    }
    if (low.get(node) !== index.get(node)) return
    const component: Array<string> = []
    for (let member = stack.pop()!; ; member = stack.pop()!) {
      onStack.delete(member)
      component.push(member)
      if (member === node) break
    }
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component.reverse())
  }
  for (const node of graph.keys()) if (!index.has(node)) visit(node)
  return cycles
}

/**
 * Whether `subpath` (`./internal/Http`) of a package with `exports` may be imported: the most specific matching key
 * decides, as in Node (an exact key, else the pattern with the longest prefix before its `*`), and `null` closes it.
 */
export const isExported = (exports: Readonly<Record<string, string | null>>, subpath: string): boolean => {
  if (Object.hasOwn(exports, subpath)) return exports[subpath] !== null
  const matching = Object.keys(exports)
    .filter((key) => {
      const star = key.indexOf("*")
      return (
        star >= 0 &&
        subpath.length >= key.length - 1 &&
        subpath.startsWith(key.slice(0, star)) &&
        subpath.endsWith(key.slice(star + 1))
      )
    })
    .sort((a, b) => b.indexOf("*") - a.indexOf("*") || b.length - a.length)
  return matching[0] !== undefined && exports[matching[0]] !== null
}

const closedPackages = ["core", "adapters"].map((name) => {
  const manifest = JSON.parse(readFileSync(join(root, "packages", name, "package.json"), "utf8"))
  return { name: manifest.name as string, exports: manifest.exports as Record<string, string | null> }
})

/** The imports of `file` that break a package's closed `exports`, or reach into a package's `src` by a relative path. */
const forbiddenImports = (file: string): Array<string> =>
  specifiers(file).filter((specifier) => {
    if (specifier.startsWith(".")) {
      const [top, _package, room] = relative(root, resolve(dirname(file), specifier)).split(sep)
      return top === "packages" && room === "src"
    }
    const target = closedPackages.find((p) => specifier === p.name || specifier.startsWith(`${p.name}/`))
    return target !== undefined && !isExported(target.exports, `.${specifier.slice(target.name.length)}`)
  })

const shown = (path: string) => relative(root, path)

describe("architecture", () => {
  it("finds no import cycle among the modules of packages/core/src and packages/adapters/src", () => {
    const graph = importGraph([join(root, "packages/core"), join(root, "packages/adapters")])
    // The graph is real: it holds both packages' modules and the edges between them.
    expect(graph.size).toBeGreaterThan(50)
    const edges = [...graph].flatMap(([from, to]) => to.map((target) => `${shown(from)} -> ${shown(target)}`))
    expect(edges).toContain("packages/core/src/sqlite/ProviderStoreSqlite.ts -> packages/core/src/ProviderDocument.ts")
    expect(edges.some((edge) => edge.startsWith("packages/adapters/") && edge.includes("-> packages/core/src/"))).toBe(
      true
    )
    const cycles = findCycles(graph).map((cycle) => cycle.map(shown).join(" -> "))
    expect(cycles).toEqual([])
  })

  it("finds no import under apps/ or bench/ of a closed subpath of core or adapters, nor a relative one into them", () => {
    const files = [
      ...readdirSync(join(root, "apps")).map((app) => join(root, "apps", app)),
      join(root, "bench")
    ].flatMap(filesUnder)
    // The search does see the apps' imports of the packages, so its silence about closed ones means something.
    expect(
      files.filter((file) => specifiers(file).some((s) => s.startsWith("@switchboard/core/"))).length
    ).toBeGreaterThan(10)
    const forbidden = files.flatMap((file) => forbiddenImports(file).map((specifier) => `${shown(file)}: ${specifier}`))
    expect(forbidden).toEqual([])
  })

  describe("its checks", () => {
    it("find a cycle of any length, a module importing itself, and nothing in a graph without one", () => {
      const graph = new Map([
        ["a", ["b"]],
        ["b", ["c"]],
        ["c", ["a", "d"]],
        ["d", []],
        ["e", ["e"]]
      ])
      expect(findCycles(graph)).toEqual([["a", "b", "c"], ["e"]])
      expect(
        findCycles(
          new Map([
            ["a", ["b"]],
            ["b", []]
          ])
        )
      ).toEqual([])
    })

    it("read exports as Node does: the most specific key wins, and null closes it", () => {
      for (const { exports } of closedPackages) {
        expect(isExported(exports, "./internal/Retries")).toBe(false)
        expect(isExported(exports, "./Providers")).toBe(true)
      }
      const core = closedPackages[0]!.exports
      expect(isExported(core, "./domain/Provider")).toBe(true)
      expect(isExported(core, "./sqlite/Database")).toBe(true)
      expect(isExported({ "./public/*": "./src/*.ts" }, "./Providers")).toBe(false)
      expect(isExported({ ".": "./src/index.ts" }, ".")).toBe(true)
    })
  })
})
