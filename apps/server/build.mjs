// Bundles the server into one ESM file, dist/main.js, for `node dist/main.js`. Native and optional packages stay
// external: better-sqlite3 loads a compiled addon, and the rest are optional peers esbuild cannot resolve.
import { build } from "esbuild"

await build({
  entryPoints: ["src/main.ts"],
  outfile: "dist/main.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  logLevel: "info",
  external: ["better-sqlite3", "bufferutil", "utf-8-validate"],
  // Bundled CommonJS dependencies still call `require` and read `__dirname`; ESM has neither, so recreate them.
  banner: {
    js: [
      'import { createRequire as __createRequire } from "node:module";',
      'import { fileURLToPath as __fileURLToPath } from "node:url";',
      'import { dirname as __dirnameOf } from "node:path";',
      "const require = __createRequire(import.meta.url);",
      "const __filename = __fileURLToPath(import.meta.url);",
      "const __dirname = __dirnameOf(__filename);"
    ].join("\n")
  }
})
