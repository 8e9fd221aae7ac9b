/**
 * Constructor option for the events an adapter builds from wire values its Schema (or its checked fast path) already
 * decoded: validating each again cost a share of every answer's CPU, once per event.
 */
export const unchecked = { disableValidation: true } as const
