/**
 * A failure in words: the provider's reason (or the field) first, then what happened and what to do.
 */
import { Text } from "ink"
import { type Problem, problemLine } from "../../runtime/Problem"
import { theme } from "../../theme/Theme"

export const ProblemText = ({ problem }: { readonly problem: Problem }) => (
  <Text color={theme.danger} wrap="wrap">
    ✗ {problemLine(problem)}
  </Text>
)
