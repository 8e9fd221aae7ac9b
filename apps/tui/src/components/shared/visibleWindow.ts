/**
 * Which rows of a long list fit on screen: a window of `height` rows that keeps `selected` in view, scrolling only
 * when the selection reaches an edge.
 */
export interface Window {
  readonly start: number
  readonly end: number
}

export const visibleWindow = (count: number, selected: number, height: number): Window => {
  const size = Math.max(1, height)
  if (count <= size) return { start: 0, end: count }
  const start = Math.min(Math.max(0, selected - Math.floor(size / 2)), count - size)
  return { start, end: start + size }
}
