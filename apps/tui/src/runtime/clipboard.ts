/**
 * Copying to the system clipboard from a terminal program, wherever it runs (over SSH too): the OSC 52 escape
 * sequence asks the terminal itself to set its clipboard. Most terminals honour it (xterm, kitty, iTerm2, WezTerm,
 * Windows Terminal, foot); tmux passes it on with `set-clipboard on`.
 */

/** The OSC 52 sequence that puts `text` on the clipboard. */
export const osc52 = (text: string): string => `\x1b]52;c;${Buffer.from(text, "utf8").toString("base64")}\x07`

/** Sends `text` to the terminal's clipboard; `false` when the output is no terminal. */
export const copyToClipboard = (text: string, out: NodeJS.WriteStream = process.stdout): boolean => {
  if (!out.isTTY) return false
  out.write(osc52(text))
  return true
}
