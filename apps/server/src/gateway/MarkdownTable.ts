/**
 * A Markdown table laid out as the repo's formatter (Biome) writes one: each column as wide as its widest cell, the
 * rule row in dashes. The READMEs show tables the code generates, and tests compare the two, so the generated table
 * must be the formatted one.
 */

const width = (cell: string) => [...cell].length

export const markdownTable = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = header.map((title, column) =>
    Math.max(3, width(title), ...rows.map((row) => width(row[column] ?? "")))
  )
  const line = (cells: ReadonlyArray<string>) =>
    `| ${widths.map((size, column) => (cells[column] ?? "").padEnd(size + (cells[column] ?? "").length - width(cells[column] ?? ""))).join(" | ")} |`
  return [line(header), `| ${widths.map((size) => "-".repeat(size)).join(" | ")} |`, ...rows.map(line)].join("\n")
}
