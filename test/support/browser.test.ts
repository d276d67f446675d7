import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../platform/paths';
import { screenshotsDir } from './browser';

const git = (...args: string[]) => execFileSync('git', ['-C', repoRoot(), ...args], { encoding: 'utf8' });

describe('screenshots of the console scenarios', () => {
  it('go to a folder git ignores, so a test run leaves the working tree clean', () => {
    const dir = screenshotsDir({});
    // check-ignore exits non-zero (and execFileSync throws) when the path is not ignored
    expect(git('check-ignore', path.join(dir, 'board.png')).trim()).toBe(path.join(dir, 'board.png'));
    expect(git('ls-files', '--', dir).trim()).toBe('');
  });

  it('go where SCREENSHOTS_DIR says when asked', () => {
    expect(screenshotsDir({ SCREENSHOTS_DIR: '/tmp/shots' })).toBe('/tmp/shots');
    expect(screenshotsDir({ SCREENSHOTS_DIR: 'docs/shots' })).toBe(path.join(repoRoot(), 'docs', 'shots'));
  });

  it('are no longer tracked in the repository, since every run regenerates them', () => {
    expect(git('ls-files', '--', '*.png').trim()).toBe('');
  });
});
