/**
 * Input that is wrong on purpose, typed as what a service takes: the service's types only help callers that build
 * input in code, while a REST body or typed text can be anything at run time, and these tests prove the decode in the
 * service still catches it.
 */
export const untrusted = <T>(value: unknown): T => value as T
