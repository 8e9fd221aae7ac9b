/**
 * Readable provider ids made from names (`"My vLLM"` → `my-vllm`). A provider keeps the id it got at creation, so
 * URLs and scripts that name it survive renames; `uniqueSlug` keeps ids unique when two names slug alike.
 */

/** The longest id `slugify` makes: long enough to stay readable, short enough for URLs and table columns. */
export const maxSlugLength = 48

/** Used when a name has no letter or digit to keep (`"🚀"`, `"---"`). */
export const fallbackSlug = "provider"

/**
 * Lowercase ASCII letters and digits joined by single `-`: accents are folded (`"Café"` → `cafe`) and every run of
 * anything else becomes one `-`. Always a valid `ProviderId`.
 */
export const slugify = (name: string): string => {
  const slug = name
    // Lowercase before NFKD: some lowercasings (`İ` → `i̇`) produce combining marks that NFKD then lets us drop.
    .toLowerCase()
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
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
