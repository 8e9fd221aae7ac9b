/**
 * Ink's `Key` for key-handling tests: every flag off, then the ones a test sets.
 */
import type { Key } from "ink"

export const noKey: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false
}

export const inkKey = (fields: Partial<Key> = {}): Key => ({ ...noKey, ...fields })
