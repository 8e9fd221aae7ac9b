export const ProviderDetailScreen = (_: { readonly providerId: string }) => null
