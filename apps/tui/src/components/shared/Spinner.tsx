/**
 * A small spinner for work in progress (verify, fetching models, waiting for the first token).
 */
import { Text } from "ink"
import { useEffect, useState } from "react"
import { theme } from "../../theme/Theme"

const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

export const Spinner = ({ label }: { readonly label: string }) => {
  const [frame, setFrame] = useState(0)
  useEffect(() => {
    const timer = setInterval(() => setFrame((f) => (f + 1) % frames.length), 100)
    return () => clearInterval(timer)
  }, [])
  return (
    <Text color={theme.warning}>
      {frames[frame]} {label}
    </Text>
  )
}
