// A value built on first use, once, however many callers ask at the same time; a failed build is
// forgotten so the next call tries again. The composition root loads features with it (a dynamic
// `import()` of their code), so start-up does not pay for what the user has not used yet.

export function lazily<T>(build: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () =>
    (pending ??= build().catch((error: unknown) => {
      pending = undefined;
      throw error;
    }));
}
