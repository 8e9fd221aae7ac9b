/**
 * Readable provider ids made from names (`"My vLLM"` → `my-vllm`, `"模型"` → `mo-xing`). Ids are what users type in
 * the CLI and in the gateway's `<provider id>/<model id>`, so every script is transliterated to ASCII (`any-ascii`)
 * rather than dropped. A provider keeps the id it got at creation, so URLs and scripts that name it survive renames;
 * `uniqueSlug` keeps ids unique when two names slug alike.
 */
import anyAscii from "any-ascii"

/** The longest id `slugify` makes: long enough to stay readable, short enough for URLs and table columns. */
export const maxSlugLength = 48

/** Used when a name has no letter or digit to keep (`"---"`, `"!!!"`). */
export const fallbackSlug = "provider"

/**
 * One syllable per character, which `any-ascii` runs together (`"模型"` → `MoXing`): each is set apart so the id reads
 * `mo-xing`. Kana and other scripts transliterate to whole words already.
 */
const syllabic = /[\p{Script=Han}\p{Script=Hangul}]/gu

/**
 * Lowercase ASCII letters and digits joined by single `-`: every script is transliterated (`"Café"` → `cafe`,
 * `"Привет"` → `privet`, `"🚀"` → `rocket`) and every run of anything else becomes one `-`. Always a valid
 * `ProviderId`.
 */
export const slugify = (name: string): string => {
  const slug = anyAscii(name.replace(syllabic, (char) => ` ${char} `))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, maxSlugLength)
    // Cutting at the limit may leave a trailing `-`.
    .replace(/-+$/, "")
  return slug === "" ? fallbackSlug : slug
}

/**
 * `slugify(name)`, or if `taken` says that id is in use, the first free of `…-2`, `…-3`, …; the base is shortened
 * so the suffixed id still fits in `maxSlugLength`.
 */
export const uniqueSlug = (name: string, taken: (id: string) => boolean): string => {
  const base = slugify(name)
  if (!taken(base)) return base
  for (let n = 2; ; n++) {
    const suffix = `-${n}`
    const candidate = `${base.slice(0, maxSlugLength - suffix.length).replace(/-+$/, "")}${suffix}`
    if (!taken(candidate)) return candidate
  }
}
