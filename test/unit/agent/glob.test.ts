import assert from 'node:assert/strict';
import { Excludes, globToRegExp } from '../../../server/agent/glob';

describe('watch exclude globs', () => {
  it('matches * and ? within one segment', () => {
    assert.ok(globToRegExp('*.log').test('app.log'));
    assert.ok(!globToRegExp('*.log').test('logs/app.log'));
    assert.ok(globToRegExp('file?.txt').test('file1.txt'));
    assert.ok(!globToRegExp('file?.txt').test('file10.txt'));
    assert.ok(!globToRegExp('a?b').test('a/b'));
  });

  it('matches ** across segments, including none', () => {
    const pattern = globToRegExp('**/node_modules');
    assert.ok(pattern.test('node_modules'));
    assert.ok(pattern.test('a/b/node_modules'));
    assert.ok(!pattern.test('a/node_modules_x'));
    assert.ok(globToRegExp('src/**/*.ts').test('src/a.ts'));
    assert.ok(globToRegExp('src/**/*.ts').test('src/x/y/a.ts'));
  });

  it('lets a trailing /** match the folder itself', () => {
    const pattern = globToRegExp('**/.git/**');
    assert.ok(pattern.test('.git'));
    assert.ok(pattern.test('.git/objects/ab'));
    assert.ok(pattern.test('sub/.git/HEAD'));
  });

  it('escapes regular expression characters', () => {
    assert.ok(globToRegExp('a+b(1).txt').test('a+b(1).txt'));
    assert.ok(!globToRegExp('a.txt').test('abtxt'));
  });

  it('excludes descendants of an excluded path, relative or absolute', () => {
    const excludes = new Excludes('/home/operator', ['**/node_modules', '/home/operator/tmp/**']);
    assert.ok(excludes.matches('/home/operator/node_modules'));
    assert.ok(excludes.matches('/home/operator/app/node_modules/x/index.js'));
    assert.ok(excludes.matches('/home/operator/tmp/a'));
    assert.ok(!excludes.matches('/home/operator/src/index.js'));
    assert.ok(!excludes.matches('/home/operator'));
  });
});
