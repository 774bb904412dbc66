import * as assert from 'node:assert/strict';
import { parseArgs, type Command } from '../../../server/cli/args';
import { UsageError } from '../../../server/cli/tokens';

function command(...argv: string[]): Command {
  return parseArgs(argv).command;
}

function usageError(argv: string[], pattern: RegExp): void {
  assert.throws(
    () => parseArgs(argv),
    (error: unknown) => error instanceof UsageError && pattern.test(error.message),
  );
}

describe('cli args', () => {
  describe('global flags', () => {
    it('reads them before or after the command', () => {
      const parsed = parseArgs(['--data-dir', '/d', 'list', '--json', '--server=/s.js']);
      assert.deepEqual(parsed.global, { dataDir: '/d', json: true, server: '/s.js' });
      assert.deepEqual(parsed.command, { kind: 'list', includeDeleted: false });
    });

    it('answers help and version whatever else is there', () => {
      assert.deepEqual(command('--help'), { kind: 'help' });
      assert.deepEqual(command('create', '-h'), { kind: 'help' });
      assert.deepEqual(command('help'), { kind: 'help' });
      assert.deepEqual(command('--version'), { kind: 'version' });
    });

    it('lets the last of a repeated flag win', () => {
      assert.equal(parseArgs(['--data-dir', '/a', '--data-dir=/b', 'plan']).global.dataDir, '/b');
    });
  });

  describe('instance commands', () => {
    it('parses list --all', () => {
      assert.deepEqual(command('list', '--all'), { kind: 'list', includeDeleted: true });
    });

    it('parses create with every flag', () => {
      const argv = ['create', 'box', '--type', 'blank', '--image', 'img:1', '--network=none'];
      assert.deepEqual(command(...argv, '--cpus', '0.5', '--memory', '512'), {
        kind: 'create',
        params: {
          name: 'box',
          type: 'blank',
          image: 'img:1',
          network: 'none',
          resources: { cpus: 0.5, memoryMb: 512 },
        },
      });
    });

    it('leaves out what create was not given', () => {
      assert.deepEqual(command('create', 'box'), { kind: 'create', params: { name: 'box' } });
    });

    it('parses get and the lifecycle verbs', () => {
      assert.deepEqual(command('get', 'box'), { kind: 'get', name: 'box' });
      for (const verb of ['start', 'stop', 'suspend', 'resume', 'delete'] as const) {
        assert.deepEqual(command(verb, 'box'), { kind: 'lifecycle', verb, name: 'box' });
      }
    });

    it('parses exec, keeping everything after -- as the command', () => {
      const argv = ['exec', 'box', '--cwd', '/tmp', '--env', 'A=1', '--env=B=x=y', '--timeout'];
      assert.deepEqual(command(...argv, '5000', '--', 'ls', '--json', '-la', '--'), {
        kind: 'exec',
        params: {
          name: 'box',
          command: ['ls', '--json', '-la', '--'],
          cwd: '/tmp',
          env: { A: '1', B: 'x=y' },
          timeoutMs: 5000,
        },
      });
    });

    it('parses logs --tail', () => {
      assert.deepEqual(command('logs', 'box', '--tail', '0'), {
        kind: 'logs',
        params: { name: 'box', tail: 0 },
      });
      assert.deepEqual(command('logs', 'box'), { kind: 'logs', params: { name: 'box' } });
    });
  });

  describe('plan', () => {
    it('shows or sets the plan', () => {
      assert.deepEqual(command('plan'), { kind: 'plan' });
      assert.deepEqual(command('plan', 'set', 'pro'), { kind: 'planSet', plan: 'pro' });
    });

    it('names the plans when one is missing or wrong', () => {
      usageError(['plan', 'set'], /needs a plan: basic, pro, max/);
      usageError(['plan', 'set', 'gold'], /one of basic, pro, max, got 'gold'/);
      usageError(['plan', 'get'], /unknown plan command 'get'/);
      usageError(['plan', 'set', 'pro', 'max'], /unexpected argument 'max'/);
    });
  });

  describe('usage errors', () => {
    it('names a missing or unknown command', () => {
      usageError([], /missing command/);
      usageError(['--json'], /missing command/);
      usageError(['launch', 'box'], /unknown command 'launch'/);
    });

    it('names an unknown flag, or one the command does not take', () => {
      usageError(['list', '--verbose'], /unknown flag --verbose/);
      usageError(['list', '-v'], /unknown flag -v/);
      usageError(['get', 'box', '--all'], /'get' does not take --all/);
    });

    it('says which command needs a NAME', () => {
      usageError(['create'], /'create' needs an instance NAME/);
      usageError(['stop', '--json'], /'stop' needs an instance NAME/);
      usageError(['get', 'a', 'b'], /'get' got an unexpected argument 'b'/);
    });

    it('checks flag values', () => {
      usageError(['create', 'box', '--type', 'fancy'], /--type must be one of prebuilt, blank/);
      usageError(['create', 'box', '--network', 'host'], /--network must be one of bridge, none/);
      usageError(['create', 'box', '--cpus', '0'], /--cpus must be a number above 0, got '0'/);
      usageError(['create', 'box', '--memory', '1.5'], /--memory must be a whole number/);
      usageError(['logs', 'box', '--tail', '-1'], /--tail must be a whole number/);
      usageError(['create', 'box', '--image'], /--image needs a value/);
      usageError(['list', '--all=yes'], /--all takes no value/);
    });

    it('requires the exec command after --', () => {
      usageError(['exec', 'box'], /needs the command after --/);
      usageError(['exec', 'box', '--'], /needs the command after --/);
      usageError(['exec', 'box', 'ls'], /unexpected argument 'ls'/);
      usageError(['exec', 'box', '--env', 'NOVALUE', '--', 'ls'], /KEY=VALUE, got 'NOVALUE'/);
      usageError(['get', 'box', '--', 'x'], /'get' takes no arguments after --/);
    });
  });
});
