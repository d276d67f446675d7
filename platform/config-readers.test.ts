import { EnvReader, urlOf } from './config-readers';

describe('reading environment variables', () => {
  it('gives the fallback for a variable unset or empty, and notes nothing', () => {
    const read = new EnvReader({ EMPTY: '' });
    expect([read.port('UNSET', 4000), read.wholeNumber('EMPTY', 5, 1), read.number('UNSET', 0.5, 0.1), read.oneOf('UNSET', ['a', 'b'], 'a'), read.onOff('EMPTY', true)]).toEqual([4000, 5, 0.5, 'a', true]);
    expect(read.problems).toEqual([]);
  });

  it('notes every bad variable instead of stopping at the first, each with its value', () => {
    const read = new EnvReader({ P: '70000', W: '2.5', N: 'x', L: '-1', O: 'maybe', S: 'loud', U: 'ftp://x' });
    read.port('P', 0);
    read.wholeNumber('W', 1, 1, ' (a count)');
    read.number('N', 1, 0.1);
    read.limit('L', 10);
    read.onOff('O', false);
    read.oneOf('S', ['info', 'debug'], 'info');
    read.url('U', ['http', 'https']);
    expect(read.problems).toEqual([
      'P must be a port number (0-65535), got "70000"',
      'W must be a whole number of at least 1 (a count), got "2.5"',
      'N must be a number of at least 0.1, got "x"',
      'L must be a whole number of at least 0 (0 turns the limit off), got "-1"',
      'O must be on or off, got "maybe"',
      'S must be one of info, debug, got "loud"',
      'U must be an http(s) URL',
    ]);
  });

  it('takes 0 as a limit turned off, and a limit with a minimum above 0 says only the minimum', () => {
    const read = new EnvReader({ OFF: '0', SMALL: '10' });
    expect(read.limit('OFF', 12)).toBe(0);
    read.limit('SMALL', 8192, 1024);
    expect(read.problems).toEqual(['SMALL must be a whole number of at least 1024, got "10"']);
  });

  it('reads on/true and off/false as a switch', () => {
    const read = new EnvReader({ A: 'on', B: 'true', C: 'off', D: 'false' });
    expect(['A', 'B', 'C', 'D'].map((name) => read.onOff(name, false))).toEqual([true, true, false, false]);
  });

  it('reads a comma-separated list without blanks and empty items', () => {
    expect(new EnvReader({ L: ' a, ,b ,' }).list('L')).toEqual(['a', 'b']);
    expect(new EnvReader({}).list('L')).toEqual([]);
  });

  it('names the schemes of a bad URL as the configuration table does', () => {
    const read = new EnvReader({ R: 'http://cache', D: 'mysql://db' });
    read.url('R', ['redis', 'rediss']);
    read.url('D', ['postgres', 'postgresql'], undefined, 'a postgres://');
    expect(read.problems).toEqual(['R must be a redis:// or rediss:// URL', 'D must be a postgres:// URL']);
  });

  it('takes a URL only with something after its scheme', () => {
    expect([urlOf('https://hub.kz', ['http', 'https']), urlOf('https://', ['http', 'https']), urlOf('httpsx://a', ['https'])]).toEqual([true, false, false]);
  });

  it('refuses a number that is not above zero where one must be positive', () => {
    const read = new EnvReader({ M: '0' });
    read.positive('M', 60);
    expect(read.problems).toEqual(['M must be a positive number, got "0"']);
  });
});
