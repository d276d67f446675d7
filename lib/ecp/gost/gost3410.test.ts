import { CURVES, TEST_CURVES } from './curves';
import { fieldOf, isOnCurve, multiply } from './ec';
import { publicKeyOf, signDigestNumber, verifySignature } from './gost3410';

const n = (hex: string) => BigInt(`0x${hex}`);

/** GOST R 34.10-2012 appendix A.1 (also RFC 7091 §7.1): 256-bit example. */
const A1 = {
  curve: TEST_CURVES.example256,
  d: n('7A929ADE789BB9BE10ED359DD39A72C11B60961F49397EEE1D19CE9891EC3B28'),
  Q: { x: n('7F2B49E270DB6D90D8595BEC458B50C58585BA1D4E9B788F6689DBD8E56FD80B'), y: n('26F1B489D6701DD185C8413A977B3CBBAF64D1C593D26627DFFB101A87FF77DA') },
  e: n('2DFBC1B372D89A1188C09C52E0EEC61FCE52032AB1022E8E67ECE6672B043EE5'),
  k: n('77105C9B20BCD3122823C8CF6FCC7B956DE33814E95B7FE64FED924594DCEAB3'),
  r: n('41AA28D2F1AB148280CD9ED56FEDA41974053554A42767B83AD043FD39DC0493'),
  s: n('01456C64BA4642A1653C235A98A60249BCD6D3F746B631DF928014F6C5BF9C40'),
};

/** GOST R 34.10-2012 appendix A.2: 512-bit example. */
const A2 = {
  curve: TEST_CURVES.example512,
  d: n('0BA6048AADAE241BA40936D47756D7C93091A0E8514669700EE7508E508B102072E8123B2200A0563322DAD2827E2714A2636B7BFD18AADFC62967821FA18DD4'),
  Q: {
    x: n('115DC5BC96760C7B48598D8AB9E740D4C4A85A65BE33C1815B5C320C854621DD5A515856D13314AF69BC5B924C8B4DDFF75C45415C1D9DD9DD33612CD530EFE1'),
    y: n('37C7C90CD40B0F5621DC3AC1B751CFA0E2634FA0503B3D52639F5D7FB72AFD61EA199441D943FFE7F0C70A2759A3CDB84C114E1F9339FDF27F35ECA93677BEEC'),
  },
  e: n('3754F3CFACC9E0615C4F4A7C4D8DAB531B09B6F9C170C533A71D147035B0C5917184EE536593F4414339976C647C5D5A407ADEDB1D560C4FC6777D2972075B8C'),
  k: n('0359E7F4B1410FEACC570456C6801496946312120B39D019D455986E364F365886748ED7A44B3E794434006011842286212273A6D14CF70EA3AF71BB1AE679F1'),
  r: n('2F86FA60A081091A23DD795E1E3C689EE512A3C82EE0DCC2643C78EEA8FCACD35492558486B20F1C9EC197C90699850260C93BCBCD9C5C3317E19344E173AE36'),
  s: n('1081B394696FFE8E6585E7A9362D26B6325F56778AADBC081C0BFBE933D52FF5823CE288E8C4F362526080DF7F70CE406A6EEB1F56919CB92A9853BDE73E5B4A'),
};

describe.each([['A.1 (256-bit, RFC 7091 §7.1)', A1], ['A.2 (512-bit)', A2]])('GOST R 34.10-2012 example %s', (_name, x) => {
  it('derives the public key of the example from its private key', () => {
    expect(publicKeyOf(x.curve, x.d)).toEqual(x.Q);
  });

  it('signs the example digest with the example k into the published (r, s)', () => {
    expect(signDigestNumber(x.curve, x.d, x.e, x.k)).toEqual({ r: x.r, s: x.s });
  });

  it('verifies the published signature', () => {
    expect(verifySignature(x.curve, x.Q, x.e, x.r, x.s)).toBe(true);
  });

  it('refuses the signature for another digest, another key, or with r and s swapped', () => {
    expect(verifySignature(x.curve, x.Q, x.e + 1n, x.r, x.s)).toBe(false);
    expect(verifySignature(x.curve, publicKeyOf(x.curve, x.d + 1n), x.e, x.r, x.s)).toBe(false);
    expect(verifySignature(x.curve, x.Q, x.e, x.s, x.r)).toBe(false);
  });

  it('refuses r or s out of [1, q-1] (0, q, q + r) and a public key off the curve', () => {
    const { q } = x.curve;
    for (const [r, s] of [[0n, x.s], [x.r, 0n], [q, x.s], [x.r, q], [x.r + q, x.s], [x.r, x.s + q], [-x.r, x.s]]) {
      expect(verifySignature(x.curve, x.Q, x.e, r, s)).toBe(false);
    }
    expect(verifySignature(x.curve, { x: x.Q.x, y: x.Q.y + 1n }, x.e, x.r, x.s)).toBe(false);
    expect(verifySignature(x.curve, { x: x.Q.x + x.curve.p, y: x.Q.y }, x.e, x.r, x.s)).toBe(false);
  });
});

describe('the curves of the NCA RK profiles (and the other named GOST curves)', () => {
  it.each(Object.entries(CURVES))('%s: the base point is on the curve and of order q', (_name, curve) => {
    const G = { x: curve.x, y: curve.y };
    expect(isOnCurve(curve, G)).toBe(true);
    expect(multiply(fieldOf(curve), curve.q, G)).toBeUndefined(); // q·G is the point at infinity
    expect(multiply(fieldOf(curve), curve.q - 1n, G)).toEqual({ x: curve.x, y: curve.p - curve.y }); // (q-1)·G = -G
  });

  it.each(Object.entries(CURVES))('%s: a fresh key signs and verifies, and a changed digest does not', (_name, curve) => {
    const d = 0x1234567890abcdefn * 0x1000000000000000000000001n;
    const Q = publicKeyOf(curve, d);
    const { r, s } = signDigestNumber(curve, d, 42n);
    expect(verifySignature(curve, Q, 42n, r, s)).toBe(true);
    expect(verifySignature(curve, Q, 43n, r, s)).toBe(false);
  });
});
