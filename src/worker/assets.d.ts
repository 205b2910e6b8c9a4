declare module '*.jpg' {
  const bytes: Uint8Array;
  export default bytes;
}
