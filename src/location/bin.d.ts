/** Binary files bundled as Data modules (wrangler.toml `[[rules]] type = "Data"`): the bytes. */
declare module '*.bin' {
  const bytes: ArrayBuffer;
  export default bytes;
}
