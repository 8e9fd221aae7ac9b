export const ChatScreen = (_: { readonly providerId?: string | undefined }) => null
