/**
 * The core's id rules (`domain/Slug`: `"My vLLM"` → `my-vllm`, any script transliterated), loaded when first needed:
 * they carry a transliteration table of several hundred kilobytes that only the Add provider dialog uses, so it is a
 * chunk of its own rather than part of every page.
 */
import { useEffect, useState } from "react"

type SlugModule = typeof import("@switchboard/core/domain/Slug")

let loaded: SlugModule | undefined

/** The module once it has arrived; undefined until then (or if it cannot load: the server still makes the id). */
export const useSlug = (): SlugModule | undefined => {
  const [slug, setSlug] = useState(loaded)
  useEffect(() => {
    if (loaded !== undefined) return
    let live = true
    import("@switchboard/core/domain/Slug").then(
      (module) => {
        loaded = module
        if (live) setSlug(module)
      },
      () => undefined
    )
    return () => {
      live = false
    }
  }, [])
  return slug
}
