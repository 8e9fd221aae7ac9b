/**
 * Images attached to a chat message: read from a picked, pasted or dropped file into base64, within the bounds the
 * server keeps, and refused with the reason when a file is not one of them.
 */

/** One image of a message, as it is sent (`{type: "image", source: {type: "base64", …}}`) and shown. */
export interface Attachment {
  readonly name: string
  readonly mediaType: string
  /** The bytes, base64. */
  readonly data: string
}

/** The core's `maxMediaBytes`: Anthropic's own limit per image, which the server enforces for every provider. */
export const maxImageBytes = 5 * 1024 * 1024
/**
 * Together, so a message stays under the server's 16 MiB request limit once base64 (4/3 larger) and the JSON around it
 * are counted.
 */
export const maxTotalBytes = 10 * 1024 * 1024
export const maxImages = 4
/** What every provider with vision takes. */
export const imageTypes: ReadonlyArray<string> = ["image/png", "image/jpeg", "image/gif", "image/webp"]

const megabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`

/** Why `file` cannot join `attached`; undefined when it can. */
export const imageProblem = (
  file: { readonly name: string; readonly type: string; readonly size: number },
  attached: ReadonlyArray<Attachment>
): string | undefined => {
  if (!imageTypes.includes(file.type))
    return `${file.name} is not a PNG, JPEG, GIF or WebP image, the types every vision model takes.`
  if (file.size > maxImageBytes)
    return `${file.name} is ${megabytes(file.size)}; an image may be at most ${megabytes(maxImageBytes)}.`
  if (attached.length >= maxImages) return `At most ${maxImages} images go with one message.`
  const total = attached.reduce((sum, a) => sum + (a.data.length * 3) / 4, file.size)
  if (total > maxTotalBytes)
    return `The images together would be ${megabytes(total)}; at most ${megabytes(maxTotalBytes)} go with one message.`
  return undefined
}

/** Reads an image the bounds allowed. */
export const readImage = (file: File): Promise<Attachment> =>
  new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => {
      const url = String(reader.result)
      resolve({ name: file.name, mediaType: file.type, data: url.slice(url.indexOf(",") + 1) })
    }
    reader.onerror = () => reject(new Error(`${file.name} could not be read.`))
    reader.readAsDataURL(file)
  })

/** An image as the page shows it (the server's Content-Security-Policy allows `data:` images only). */
export const dataUrl = (image: { readonly mediaType: string; readonly data: string }): string =>
  `data:${image.mediaType};base64,${image.data}`
