/** One Server-Sent Event frame of the REST API's streams (`/api/chat`, the model check): a name and JSON data. */
export const sse = (event: string, data: unknown): string => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
