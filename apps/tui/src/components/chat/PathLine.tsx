/**
 * The line where the chat asks for a file path (to export the conversation to, or an image to attach), with why the
 * last one was refused under it.
 */
import { Box, Text } from "ink"
import type { TextValue } from "../../keys/TextEdit"
import { theme } from "../../theme/Theme"
import { TextInput } from "../shared/TextInput"

export interface PathPrompt {
  readonly kind: "export" | "attach"
  readonly path: TextValue
  /** Why the last path was refused: it names the absolute path. */
  readonly refused: string | undefined
}

const labels = { export: "Export to ", attach: "Image file " } as const

export const PathLine = ({ prompt, width }: { readonly prompt: PathPrompt; readonly width: number }) => (
  <Box flexDirection="column">
    {prompt.refused === undefined ? null : (
      // Two lines at most: the chat's transcript gives up that much room for it.
      <Box height={2} overflow="hidden">
        <Text color={theme.danger} wrap="wrap">
          ✗ {prompt.refused}
        </Text>
      </Box>
    )}
    <Box>
      <Text color={theme.accent}>{labels[prompt.kind]}</Text>
      <TextInput
        value={prompt.path}
        focused
        width={Math.max(10, width - labels[prompt.kind].length - 1)}
        placeholder={prompt.kind === "export" ? "file.md, or file.json" : "path/to/picture.png"}
      />
    </Box>
  </Box>
)
