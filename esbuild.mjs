// Bundles every entry point of the package into dist/. The agent targets the Node
// release of the instance image (Debian's Node 18), the rest the machine's Node 20.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};

const entries = [
  { entryPoints: ['server/main.ts'], outfile: 'dist/server.js', target: 'node20' },
  {
    entryPoints: ['server/cli/main.ts'],
    outfile: 'dist/cli.js',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    entryPoints: ['server/agent/main.ts'],
    outfile: 'dist/agent.js',
    target: 'node18',
    // Parsed at every instance start, where each millisecond is provisioning time.
    minify: true,
    sourcemap: false,
  },
  // The VS Code extension; the editor provides `vscode` at run time.
  {
    entryPoints: ['extension/main.ts'],
    outfile: 'dist/extension.js',
    target: 'node20',
    external: ['vscode'],
  },
  // The extension-host test suite, one file per test module so that mocha loads each.
  {
    entryPoints: readdirSync('test/vscode/suite')
      .filter((f) => f === 'index.ts' || f.endsWith('.test.ts'))
      .map((f) => `test/vscode/suite/${f}`),
    outdir: 'dist/test/vscode',
    target: 'node20',
    external: ['vscode', 'mocha'],
  },
];

// The server builds the instance image itself when the engine lacks it, from these.
mkdirSync('dist', { recursive: true });
copyFileSync('image/Dockerfile', 'dist/Dockerfile');

await Promise.all(
  entries.map((entry) =>
    build({
      ...common,
      ...entry,
      // ssh2 (reached by dockerode for ssh:// hosts) loads its native helpers only if present.
      external: ['cpu-features', '*.node', ...(entry.external ?? [])],
    }),
  ),
);
