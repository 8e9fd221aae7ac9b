/**
 * A count with its noun agreeing (`1 model`, `0 models`, `2 keys`), so no screen says "1 providers".
 */
export const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`
