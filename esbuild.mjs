// Bundles every entry point of the package into dist/. The agent targets the Node
// release of the instance image (Debian's Node 18), the rest the machine's Node 20.
import { build } from 'esbuild';

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
  { entryPoints: ['server/cli/main.ts'], outfile: 'dist/cli.js', target: 'node20', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['server/agent/main.ts'], outfile: 'dist/agent.js', target: 'node18', sourcemap: false },
];

await Promise.all(
  entries.map((entry) =>
    build({
      ...common,
      ...entry,
      // ssh2 (reached by dockerode for ssh:// hosts) loads this native helper only if present.
      external: ['cpu-features'],
    }),
  ),
);
