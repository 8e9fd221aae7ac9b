/**
 * The last line of defence: a rendering bug shows its message and a way back instead of taking the terminal down.
 * Nothing stored is touched by a render, so going back is always safe.
 */
import { Text } from "ink"
import { Component, type ReactNode } from "react"
import { useCommands } from "../../keys/useCommands"
import { theme } from "../../theme/Theme"
import { Screen } from "./Screen"

interface Props {
  readonly children: ReactNode
  /** Called when the user leaves the broken screen. */
  readonly onReset: () => void
}

const Crashed = ({ message, onBack }: { readonly message: string; readonly onBack: () => void }) => {
  const commands = useCommands({ "detail.back": onBack })
  return (
    <Screen title="Something went wrong" commands={commands}>
      <Text color={theme.danger}>This screen failed: {message}</Text>
      <Text>What is stored is unchanged. Press esc to go back to the providers.</Text>
    </Screen>
  )
}

export class ErrorBoundary extends Component<Props, { readonly error: Error | undefined }> {
  override state = { error: undefined as Error | undefined }

  static getDerivedStateFromError(error: Error) {
    return { error }
  }

  override render() {
    if (this.state.error === undefined) return this.props.children
    return (
      <Crashed
        message={this.state.error.message}
        onBack={() => {
          this.setState({ error: undefined })
          this.props.onReset()
        }}
      />
    )
  }
}
