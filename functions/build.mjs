// Bundles the CLI and the Lambda functions with esbuild.
//   node functions/build.mjs          -> dist/cli/*.mjs and dist/<function>/index.mjs
//   node functions/build.mjs --cli    -> the CLI only (run by `npm pack` through `prepack`)
//   node functions/build.mjs --functions
//                                     -> the Lambda functions only (the test that invokes them)
//   node functions/build.mjs --cli --if-esbuild
//                                     -> the same, or nothing when esbuild (a devDependency) is not
//                                        installed (`prepare`, which `npm ci --omit=dev` runs too)
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cliOnly = process.argv.includes('--cli');
const functionsOnly = process.argv.includes('--functions');

let build;
try {
  ({ build } = await import('esbuild'));
} catch (e) {
  if (!process.argv.includes('--if-esbuild') || e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
  process.stderr.write(
    'rolewatch: esbuild is not installed (devDependencies omitted): the CLI is not built.\n',
  );
  process.exit(0);
}

// The WebAssembly record scanner is compiled first: the core imports its bytes (a generated module).
const { buildRecordScanner } = await import('./core/decode/wasm/build-record-scanner.mjs');
await buildRecordScanner();

/** The Lambda functions of CONTRACT §6. */
export const FUNCTIONS = ['stream', 'events', 's3-batch', 'report'];

// ESM bundles that still contain a CommonJS dependency need a real `require`.
const requireShim =
  "import { createRequire as __rwCreateRequire } from 'node:module'; const require = __rwCreateRequire(import.meta.url);";

/**
 * zod re-exports its 40-odd message locales from its namespace (`z.locales`), which defeats tree
 * shaking: ~100 KB of every minified bundle, parsed on every cold start. rolewatch sets none of them
 * (zod installs English by itself), so the namespace gets English only.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core|mini)[\\/]/.test(args.importer)
        ? { path: 'zod-locales', namespace: 'zod-english-only' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, () => ({
      contents: `export { default as en } from ${JSON.stringify(join(root, 'node_modules/zod/v4/locales/en.js'))};`,
      resolveDir: root,
      loader: 'js',
    }));
  },
};

/**
 * yaml's `node` export is CommonJS: bundled, every one of its modules is wrapped and kept whole. The
 * package also ships the same code as ES modules (its `default` export, built for browsers), which esbuild
 * can tree-shake: 17 KB less in each Lambda bundle and ~7 ms less of a cold import (paired runs). The
 * two builds differ only where rolewatch never goes: `!!binary` (YAML 1.1) decodes with atob instead of
 * Buffer, and the `parse()` shortcut warns with console.warn instead of process.emitWarning.
 */
const yamlEsm = {
  name: 'yaml-esm',
  setup(b) {
    b.onResolve({ filter: /^yaml$/ }, () => ({
      path: join(root, 'node_modules/yaml/browser/dist/index.js'),
    }));
  },
};

async function buildCli() {
  const result = await build({
    absWorkingDir: root,
    entryPoints: {
      index: 'functions/cli/main.ts',
      'scan-worker': 'functions/cli/scan-worker.ts',
    },
    outdir: 'dist/cli',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // Remote sources import their AWS SDK client when first used: in chunks of their own, so that a
    // scan of local files never loads them.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // The AWS SDK clients are package dependencies, imported only when a remote source or trust file is
    // read; bundled, they would triple the file every run parses (3.1 MB instead of 1.2 MB).
    external: ['@aws-sdk/*'],
    // Not minified: measured, a minified CLI (half the bytes) starts no sooner, and stack traces
    // (ROLEWATCH_DEBUG) stay readable.
    sourcemap: true,
    banner: { js: requireShim },
    plugins: [zodEnglishOnly, yamlEsm],
    metafile: true,
    logLevel: 'warning',
  });
  // Chunk names carry a content hash: chunks of earlier builds would pile up (and be packed). They are
  // removed after the build, not before, so that a CLI running meanwhile (a test) never misses a file.
  const written = new Set(Object.keys(result.metafile.outputs).map((f) => join(root, f)));
  const chunks = join(root, 'dist', 'cli', 'chunks');
  for (const name of existsSync(chunks) ? readdirSync(chunks) : []) {
    if (!written.has(join(chunks, name))) rmSync(join(chunks, name), { force: true });
  }
}

async function buildFunction(name) {
  const entry = join('functions', name, 'index.ts');
  if (!existsSync(join(root, entry))) throw new Error(`missing ${entry}`);
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile: join('dist', name, 'index.mjs'),
    bundle: true,
    minify: true,
    sourcemap: true,
    platform: 'node',
    format: 'esm',
    // The Lambda runtime is nodejs22.x/24.x; node20 keeps the bundle loadable by the tests on Node 20.
    target: 'node20',
    // The nodejs22.x/24.x runtimes ship AWS SDK v3; like CDK's NodejsFunction default, use it instead of
    // bundling a second copy (1.1 MB of the 1.9 MB bundle). The tests run against the versions in
    // package-lock.json, which track the runtime's major version.
    external: ['@aws-sdk/*'],
    banner: { js: requireShim },
    plugins: [zodEnglishOnly, yamlEsm],
    metafile: true,
    logLevel: 'warning',
  });
  mkdirSync(join(root, 'dist', name), { recursive: true });
  writeFileSync(join(root, 'dist', name, 'meta.json'), JSON.stringify(result.metafile));
}

// esbuild builds on every core: the bundles are built side by side.
await Promise.all([functionsOnly ? undefined : buildCli(), ...(cliOnly ? [] : FUNCTIONS.map(buildFunction))]);
