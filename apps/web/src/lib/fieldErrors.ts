/**
 * Errors per form field: what the dashboard checks before sending (so every problem shows at once, in the field's
 * own words and units), and the server's refusal put under the field it names. The server says `field: problem`
 * with the API's path (`timeouts.idleMs`); a form maps that path to its own field, and the path is cut from the text.
 */
import { ApiError } from "../api/ApiError"

/** Form field → what is wrong with it. */
export type FieldErrors = Readonly<Record<string, string>>

/** The fields that have a problem, from one check per field (undefined: fine). */
export const problemsOf = (checks: Readonly<Record<string, string | undefined>>): FieldErrors =>
  Object.fromEntries(Object.entries(checks).filter((entry): entry is [string, string] => entry[1] !== undefined))

/** Whether any field has a problem. */
export const hasErrors = (errors: FieldErrors): boolean => Object.keys(errors).length > 0

/**
 * The server's refusal as a field error when its path starts with one of `paths` (API path prefix → form field);
 * undefined for any other failure, which the form shows as a whole.
 */
export const serverFieldError = (error: unknown, paths: Readonly<Record<string, string>>): FieldErrors | undefined => {
  if (!(error instanceof ApiError)) return undefined
  const path = error.field
  if (path === undefined) return undefined
  const prefix = Object.keys(paths)
    .sort((a, b) => b.length - a.length)
    .find((p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`))
  if (prefix === undefined) return undefined
  const problem = error.message.startsWith(`${path}: `) ? error.message.slice(path.length + 2) : error.message
  return { [paths[prefix]!]: capitalise(problem) }
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

/** Focuses the first control marked invalid under `root`, so the keyboard lands where the fixing starts. */
export const focusFirstInvalid = (root: HTMLElement | null): void => {
  root?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
}
