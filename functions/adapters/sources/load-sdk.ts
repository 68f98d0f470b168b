/**
 * Imports an AWS SDK client module on first use. The SDK ships CommonJS: Node's own `import()` gives
 * its exports by name, but a bundle (esbuild with code splitting, as the CLI is built) hands a
 * dynamically imported CommonJS module over as `default` only. Either way, this returns the exports.
 *
 * @example
 * const { S3Client } = await loadSdk(() => import('@aws-sdk/client-s3'), 'S3Client');
 */
export async function loadSdk<T extends object>(load: () => Promise<T>, probe: keyof T & string): Promise<T> {
  const loaded = await load();
  if (probe in loaded) return loaded;
  const wrapped = (loaded as { default?: unknown }).default;
  if (typeof wrapped === 'object' && wrapped !== null && probe in wrapped) return wrapped as T;
  throw new TypeError(`the module has no ${probe}`);
}
