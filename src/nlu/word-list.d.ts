declare module 'word-list' {
  const wordListPath: string;
  export default wordListPath;
}
