import { canonicalJson } from './canonical';

// RFC 8785 (JCS) examples and its Appendix B number forms
describe('canonical JSON (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units, nested too, without white space', () => {
    const value = { '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '\ufb33': 'Hebrew Letter Dalet With Dagesh', '1': 'One', '\ud83d\ude00': 'Emoji: Grinning Face', '\u0080': 'Control', '\u00f6': 'Latin Small Letter O With Diaeresis' };
    expect(canonicalJson(value)).toBe('{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}');
    expect(canonicalJson({ b: [3, { z: 1, a: null }], a: true })).toBe('{"a":true,"b":[3,{"a":null,"z":1}]}');
  });

  it('writes numbers in ECMAScript form', () => {
    // the RFC's literal has more digits than a double keeps (the lint's no-loss-of-precision): parsed as JSON input would be
    const rfcExample = Number('333333333.33333329');
    expect(canonicalJson([1e21, 1e-7, rfcExample, -0, 4.5, 0.002, 1e23, 9007199254740992])).toBe('[1e+21,1e-7,333333333.3333333,0,4.5,0.002,1e+23,9007199254740992]');
  });

  it('escapes only what JSON must, in the shortest form', () => {
    expect(canonicalJson({ s: '\u20ac$\u000f\nA\'B"\\\\"/' })).toBe('{"s":"\u20ac$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
    expect(canonicalJson('Қазақстан')).toBe('"Қазақстан"');
  });

  it('refuses a value with no JSON form', () => {
    expect(() => canonicalJson(undefined)).toThrow('no JSON form');
  });
});
