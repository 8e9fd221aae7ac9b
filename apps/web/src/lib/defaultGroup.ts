/**
 * The group the server gives a model id when it is added — a copy of the core's `defaultGroup` (`Model.ts`), used
 * only to group the provider's remote list in Manage when the server sends no `group` for an entry, so "Add group"
 * adds exactly the models that will then sit in that group. Importing the core would pull Effect into the bundle;
 * `defaultGroup.test.ts` compares this copy with the core's on a table of ids so the two cannot drift apart.
 */

const maxGroupLength = 64

export const defaultGroup = (modelId: string): string => {
  const id = modelId.toLowerCase()
  return (groupOf(id) || id).slice(0, maxGroupLength).trim() || "default"
}

const groupOf = (id: string): string => {
  const namespace = id.match(/[/ :]/)
  if (namespace) return id.split(namespace[0]).find((part) => part.trim() !== "") ?? ""
  const separator = id.includes("-") ? "-" : id.includes("_") ? "_" : undefined
  if (separator === undefined) return id
  const parts = id.split(separator)
  let end = Math.min(2, parts.length)
  while (end < parts.length && /^\d+$/.test(parts[end - 1]!) && /^\d{1,2}$/.test(parts[end]!)) end++
  return parts.slice(0, end).join(separator)
}
