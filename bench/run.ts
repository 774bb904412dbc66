// `npm run bench`: Operator's speed beside baselines measured in the same run on the same
// engine. Provisioning is set beside a bare `docker run --rm IMAGE true`; file operations
// through the server beside `docker exec cat` of the same file.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as p from '../server/protocol';
import { TestServer } from '../test/integration/harness';
import { Figure, measure, measureParallel, printTable, Summary, summarize } from './stats';

const run = promisify(execFile);
const IMAGE = process.env.OPERATOR_IMAGE || 'operator-instance:latest';
const ROUNDS = Number(process.env.BENCH_ROUNDS || 15);
const FILE_OPS = Number(process.env.BENCH_FILE_OPS || 300);

async function main(): Promise<void> {
  const figures: Figure[] = [];
  const server = await TestServer.start();
  try {
    await server.request(p.PlanSetRequest.type, { name: 'max' });

    // Warm both paths once, so neither pays for a cold image cache.
    await run('docker', ['run', '--rm', '--network', 'none', IMAGE, 'true']);
    await server.create('bench-warm', { type: 'blank' });
    await server.request(p.InstanceDeleteRequest.type, { name: 'bench-warm' });

    const bare = await measure(ROUNDS, () =>
      run('docker', ['run', '--rm', '--network', 'none', IMAGE, 'true']),
    );
    let n = 0;
    const names: string[] = [];
    const serial = await measure(ROUNDS, async () => {
      const name = `bench-serial-${n++}`;
      names.push(name);
      await server.create(name, { type: 'prebuilt' });
    });
    for (const name of names.splice(0)) {
      await server.request(p.InstanceDeleteRequest.type, { name });
    }
    const bareParallel = await measureParallel(20, () =>
      run('docker', ['run', '--rm', '--network', 'none', IMAGE, 'true']),
    );
    const parallel = await measureParallel(20, (i) =>
      server.create(`bench-burst-${i}`, { type: 'prebuilt' }),
    );
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        server.request(p.InstanceDeleteRequest.type, { name: `bench-burst-${i}` }),
      ),
    );
    const bareMedian = summarize(bare).median;
    const serialSummary = summarize(serial);
    const bareParallelMedian = summarize(bareParallel.times).median;
    const parallelSummary = summarize(parallel.times);
    figures.push(
      { label: 'baseline: docker run --rm IMAGE true', ...summarize(bare) },
      {
        label: 'instance/create to active, one at a time',
        ...serialSummary,
        ratio: serialSummary.median / bareMedian,
        bar: 'median <= 1.5x baseline',
        pass: serialSummary.median <= 1.5 * bareMedian,
      },
      {
        label: `baseline: 20 x docker run --rm at once (wall ${bareParallel.wall.toFixed(0)} ms)`,
        ...summarize(bareParallel.times),
      },
      {
        label: `instance/create, 20 at once (wall ${parallel.wall.toFixed(0)} ms)`,
        ...parallelSummary,
        ratio: parallelSummary.median / bareParallelMedian,
      },
    );

    const name = 'bench-files';
    await server.create(name, { type: 'blank' });
    const file = '/home/operator/four-k.txt';
    const content = Buffer.alloc(4096, 'x').toString('base64');
    await server.request(p.FsWriteFileRequest.type, {
      name,
      path: file,
      content,
      create: true,
      overwrite: true,
    });
    await server.exec(name, ['sh', '-c', 'mkdir -p many && cd many && seq 1 1000 | xargs touch']);
    const container = `operator-${name}-`;
    const { stdout } = await run('docker', [
      'ps',
      '--filter',
      `name=${container}`,
      '--format',
      '{{.Names}}',
    ]);
    const containerName = stdout.trim().split('\n')[0];

    const execCat = await measure(30, () => run('docker', ['exec', containerName, 'cat', file]));
    const stat = await measure(FILE_OPS, () =>
      server.request(p.FsStatRequest.type, { name, path: file }),
    );
    const read = await measure(FILE_OPS, () =>
      server.request(p.FsReadFileRequest.type, { name, path: file }),
    );
    const write = await measure(FILE_OPS, () =>
      server.request(p.FsWriteFileRequest.type, {
        name,
        path: file,
        content,
        create: true,
        overwrite: true,
      }),
    );
    const list = await measure(50, () =>
      server.request(p.FsReadDirectoryRequest.type, { name, path: '/home/operator/many' }),
    );
    const execMedian = summarize(execCat).median;
    const readSummary = summarize(read);
    figures.push(
      { label: 'baseline: docker exec cat 4 KB file', ...summarize(execCat) },
      { label: 'fs/stat', ...summarize(stat), ratio: summarize(stat).median / execMedian },
      {
        label: 'fs/readFile 4 KB',
        ...readSummary,
        ratio: readSummary.median / execMedian,
        bar: 'median < 3 ms and >= 20x faster than baseline',
        pass: readSummary.median < 3 && execMedian / readSummary.median >= 20,
      },
      {
        label: 'fs/writeFile 4 KB',
        ...summarize(write),
        ratio: summarize(write).median / execMedian,
      },
      {
        label: 'fs/readDirectory 1,000 entries',
        ...summarize(list),
        ratio: summarize(list).median / execMedian,
      },
    );
  } finally {
    await server.stop();
  }
  if (process.env.BENCH_EDITOR !== '0') figures.push(...(await editorFigures()));
  printTable(figures);
  if (figures.some((figure) => figure.pass === false)) process.exitCode = 1;
}

interface EditorReport {
  activationMs: number;
  activateFunctionMs: number;
  read4kWorkspaceFsMs: Summary;
  read4kServerMs: Summary;
}

/** The editor's figures, measured inside a real VS Code by scripts/vscode-bench.sh. */
async function editorFigures(): Promise<Figure[]> {
  const { stdout } = await run('bash', ['scripts/vscode-bench.sh'], { maxBuffer: 1 << 20 });
  const report = JSON.parse(stdout) as EditorReport;
  const viaServer = report.read4kServerMs;
  const viaEditor = report.read4kWorkspaceFsMs;
  return [
    {
      label: 'extension activation (module load and activate())',
      count: 1,
      median: report.activationMs,
      p95: report.activationMs,
    },
    { label: 'baseline: fs/readFile 4 KB from the extension host', ...viaServer },
    {
      label: 'vscode.workspace.fs.readFile 4 KB, operator: URI',
      ...viaEditor,
      ratio: viaEditor.median / viaServer.median,
    },
  ];
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
