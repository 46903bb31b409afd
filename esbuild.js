// Bundles the extension into dist/extension.js; type checking is `tsc --noEmit`, not this.
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints build errors as `file:line:col: error: message` so VS Code's problem matchers find them. */
const problemMatcherPlugin = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => {
      if (watch) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        if (location) {
          console.error(`${location.file}:${location.line}:${location.column}: error: ${text}`);
        } else {
          console.error(`error: ${text}`);
        }
      }
      if (watch) console.log('[watch] build finished');
    });
  },
};

/**
 * axios ships support we never use: multipart bodies (form-data pulls in mime-db, ~130 KB) and
 * redirect following (follow-redirects + debug; our transport sets maxRedirects: 0, so axios uses
 * Node's http/https directly). Replacing them with small stand-ins keeps the bundle under 200 KB.
 */
const unusedAxiosFeaturesPlugin = {
  name: 'unused-axios-features',
  setup(build) {
    const stubs = {
      'form-data': 'module.exports = class FormData { constructor() { throw new Error("multipart bodies are not supported"); } };',
      'follow-redirects': 'module.exports = { http: require("http"), https: require("https") };',
    };
    build.onResolve({ filter: /^(form-data|follow-redirects)$/ }, (args) => ({ path: args.path, namespace: 'stub' }));
    build.onLoad({ filter: /.*/, namespace: 'stub' }, (args) => ({ contents: stubs[args.path], loader: 'js', resolveDir: __dirname }));
  },
};

/**
 * axios's platform check reads the free `navigator` global (`typeof navigator === 'object' && navigator`) when the
 * bundle loads. VS Code's extension host turns every read of `navigator` into a logged `PendingMigrationError`
 * ("navigator is now a global in nodejs"), once per activation. In Node, axios wants "no browser" there anyway, so
 * axios's own files get `navigator` defined as `undefined` (as axios sees it on Node 20); nothing else is rewritten.
 */
const axiosWithoutNavigatorPlugin = {
  name: 'axios-without-navigator',
  setup(build) {
    const fs = require('node:fs');
    build.onLoad({ filter: /[\\/]node_modules[\\/]axios[\\/].*\.js$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      if (!/\bnavigator\b/.test(source)) return undefined;
      const { code } = await esbuild.transform(source, {
        loader: 'js',
        define: { navigator: 'undefined' },
        sourcefile: args.path,
        sourcemap: production ? false : 'inline',
      });
      return { contents: code, loader: 'js' };
    });
  },
};

async function main() {
  const ctx = await esbuild.context({
    entryPoints: ['src/extension.ts'],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outfile: 'dist/extension.js',
    external: ['vscode'],
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    logLevel: 'silent',
    plugins: [unusedAxiosFeaturesPlugin, axiosWithoutNavigatorPlugin, problemMatcherPlugin],
  });
  if (watch) {
    await ctx.watch();
  } else {
    const result = await ctx.rebuild();
    await ctx.dispose();
    if (result.errors.length > 0) process.exit(1);
  }
}

main().catch((e) => {
  // Build errors were already printed by the plugin; anything else is a crash worth showing.
  if (!(e && Array.isArray(e.errors))) console.error(e);
  process.exit(1);
});
