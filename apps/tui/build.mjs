// Bundles the TUI and the commands into dist/: `dist/main.js` (with a shebang, the `switchboard` bin) and the chunks
// it loads on demand, so the UI path never parses the commands' code and the other way round. Native and optional
// packages stay external: better-sqlite3 loads a compiled addon, the rest are optional peers esbuild cannot resolve.
import { build } from "esbuild"
import { chmod, rm } from "node:fs/promises"

await rm("dist", { recursive: true, force: true })
await build({
  entryPoints: { main: "src/main.ts" },
  outdir: "dist",
  bundle: true,
  splitting: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  minify: true,
  legalComments: "none",
  logLevel: "info",
  external: ["better-sqlite3", "bufferutil", "utf-8-validate", "react-devtools-core"],
  define: { "process.env.NODE_ENV": '"production"' },
  // Bundled CommonJS dependencies still call `require` and read `__dirname`; ESM has neither, so recreate them.
  banner: {
    js: [
      "#!/usr/bin/env node",
      'import { createRequire as __createRequire } from "node:module";',
      'import { fileURLToPath as __fileURLToPath } from "node:url";',
      'import { dirname as __dirnameOf } from "node:path";',
      "const require = __createRequire(import.meta.url);",
      "const __filename = __fileURLToPath(import.meta.url);",
      "const __dirname = __dirnameOf(__filename);"
    ].join("\n")
  }
})
await chmod("dist/main.js", 0o755)
