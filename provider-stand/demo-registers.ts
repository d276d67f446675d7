import { createHash } from 'node:crypto';
import { withCheckDigit } from '../platform/iin';

/**
 * The test stand's registers (ЦОН exchange rules p.15): generated, not real, but every IIN and BIN
 * passes the checksum. The same seed gives the same data, so the migration that fills the demo
 * databases, the demo provider system that serves identity documents, and the tests agree.
 */

export interface Person { iin: string; surname: string; name: string; patronymic: string | null; birth_date: string; sex: 'M' | 'F'; citizenship: string; birth_place: string }
export interface LegalEntity { bin: string; name_ru: string; name_kk: string; registered_on: string; head_iin: string; oked: string; status: string }
export interface AddressRecord { iin_or_bin: string; region: string; city: string; street: string; house: string; flat: string | null; ats_id: string; registered_since: string }
export interface RealEstateTitle { cadastral_number: string; owner_iin_or_bin: string; kind: string; address: string; area_m2: string; right_kind: string; registered_on: string; encumbrance: string | null }
/** допуск к государственным секретам: exists only to prove the hub never hands it out */
export interface Clearance { iin: string; level: string; granted_on: string }
export interface IdentityDocument { iin: string; kind: string; number: string; issued_by: string; issued_on: string; valid_until: string }

export interface DemoRegisters {
  persons: Person[];
  legalEntities: LegalEntity[];
  addresses: AddressRecord[];
  titles: RealEstateTitle[];
  clearances: Clearance[];
}

/** People the tests and the demo name: the two demo citizens with certificates, and who has no real estate. */
export const DEMO_PEOPLE = {
  citizen: '900101300126',
  otherCitizen: '850625401118',
};
/** The demo catalogue's organisations (reference/services.json), registered as legal entities too. */
const DEMO_ORGANISATIONS: [string, string][] = [
  ['990340001230', 'НАО «Государственная корпорация «Правительство для граждан»»'],
  ['010840004568', 'Департамент юстиции города Астаны'],
  ['050140007891', 'Акимат города Астаны'],
  ['121240003216', 'Департамент миграционной службы'],
];

const SURNAMES_M = ['Сейткали', 'Жаксыбеков', 'Нурланов', 'Абенов', 'Касымов', 'Ержанов', 'Иванов', 'Ким', 'Тулегенов', 'Омаров', 'Садыков', 'Беков'];
const NAMES_M = ['Ерлан', 'Нурлан', 'Асхат', 'Данияр', 'Арман', 'Тимур', 'Сергей', 'Бауыржан', 'Серик', 'Алишер'];
const NAMES_F = ['Айгерим', 'Динара', 'Гульнара', 'Асель', 'Мадина', 'Елена', 'Жанар', 'Сауле', 'Айжан', 'Карина'];
const FATHERS = ['Нурлан', 'Серик', 'Асхат', 'Ерлан', 'Болат', 'Марат', 'Канат'];
const STREETS = ['пр. Мангилик Ел', 'ул. Кенесары', 'пр. Абая', 'ул. Сыганак', 'пр. Туран', 'ул. Бейбитшилик', 'ул. Достык', 'пр. Республики'];
const DISTRICTS = ['Есиль', 'Алматы', 'Сарыарка', 'Байконыр', 'Нура'];
const OKED = ['62010', '47190', '41201', '85590', '86100', '68200'];

/** A small seeded generator (mulberry32): the same data on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const isoDate = (d: Date) => d.toISOString().slice(0, 10);

function femaleOf(surname: string): string {
  if (/(ов|ев|ин)$/.test(surname)) return `${surname}а`;
  return surname;
}

/** An IIN: YYMMDD, century and sex, four serial digits, check digit (domain notes). */
function iinFor(birth: Date, sex: 'M' | 'F', serial: number): string | undefined {
  const year = birth.getUTCFullYear();
  const century = year >= 2000 ? 5 : 3;
  const digit = century + (sex === 'F' ? 1 : 0);
  const first11 = `${pad(year % 100, 2)}${pad(birth.getUTCMonth() + 1, 2)}${pad(birth.getUTCDate(), 2)}${digit}${pad(serial, 4)}`;
  return withCheckDigit(first11);
}

/** A BIN of a resident legal entity's head office: YYMM, type 4, attribute 0, serial, check digit. */
function binFor(registered: Date, serial: number): string | undefined {
  return withCheckDigit(`${pad(registered.getUTCFullYear() % 100, 2)}${pad(registered.getUTCMonth() + 1, 2)}40${pad(serial, 5)}`);
}

/** Builds the registers: `persons` people, `entities` companies, addresses for all, titles for most. */
export function demoRegisters(opts: { persons?: number; entities?: number; seed?: number } = {}): DemoRegisters {
  const rnd = random(opts.seed ?? 20261123);
  const pick = <T>(list: T[]): T => list[Math.floor(rnd() * list.length)];
  const between = (from: number, to: number) => from + Math.floor(rnd() * (to - from + 1));
  const dateBetween = (fromYear: number, toYear: number) => new Date(Date.UTC(between(fromYear, toYear), between(0, 11), between(1, 28)));

  const persons: Person[] = [];
  const seen = new Set<string>();
  const addPerson = (iin: string, sex: 'M' | 'F', birth: string, names?: [string, string, string | null]) => {
    const surname = names?.[0] ?? (sex === 'F' ? femaleOf(pick(SURNAMES_M)) : pick(SURNAMES_M));
    const name = names?.[1] ?? (sex === 'F' ? pick(NAMES_F) : pick(NAMES_M));
    const father = pick(FATHERS);
    const patronymic = names ? names[2] : `${father}${sex === 'F' ? 'овна' : 'ович'}`;
    persons.push({ iin, surname, name, patronymic, birth_date: birth, sex, citizenship: 'KZ', birth_place: `г. Астана, район ${pick(DISTRICTS)}` });
    seen.add(iin);
  };
  addPerson(DEMO_PEOPLE.citizen, 'M', '1990-01-01', ['Сейткали', 'Айгерим', 'Нурлановна']);
  addPerson(DEMO_PEOPLE.otherCitizen, 'F', '1985-06-25', ['Жаксыбеков', 'Ерлан', null]);
  while (persons.length < (opts.persons ?? 1000)) {
    const sex = rnd() < 0.5 ? 'M' : 'F';
    const birth = dateBetween(1945, 2007);
    const iin = iinFor(birth, sex, between(1, 9999));
    if (!iin || seen.has(iin)) continue;
    addPerson(iin, sex, isoDate(birth));
  }

  const legalEntities: LegalEntity[] = DEMO_ORGANISATIONS.map(([bin, name], i) => ({
    bin, name_ru: name, name_kk: name, registered_on: `20${bin.slice(0, 2)}-${bin.slice(2, 4)}-01`, head_iin: persons[10 + i].iin, oked: '84110', status: 'ACTIVE',
  }));
  const bins = new Set(legalEntities.map((e) => e.bin));
  while (legalEntities.length < (opts.entities ?? 150) + DEMO_ORGANISATIONS.length) {
    const registered = dateBetween(1996, 2025);
    const bin = binFor(registered, between(1, 99999));
    if (!bin || bins.has(bin)) continue;
    bins.add(bin);
    const word = pick(['Дала', 'Болашак', 'Нур', 'Алтын', 'Самрук', 'Шанырак', 'Арай', 'Кайнар']);
    legalEntities.push({
      bin, name_ru: `ТОО «${word} ${legalEntities.length}»`, name_kk: `«${word} ${legalEntities.length}» ЖШС`, registered_on: isoDate(registered),
      head_iin: pick(persons).iin, oked: pick(OKED), status: rnd() < 0.95 ? 'ACTIVE' : 'LIQUIDATED',
    });
  }

  const addressOf = (iinOrBin: string, since: string): AddressRecord => ({
    iin_or_bin: iinOrBin, region: 'г. Астана', city: 'Астана', street: pick(STREETS), house: String(between(1, 120)),
    flat: rnd() < 0.8 ? String(between(1, 300)) : null, ats_id: pad(between(1, 9_999_999), 16), registered_since: since,
  });
  const addresses = [
    ...persons.map((p) => addressOf(p.iin, isoDate(dateBetween(Math.max(Number(p.birth_date.slice(0, 4)), 2000), 2025)))),
    ...legalEntities.map((e) => addressOf(e.bin, e.registered_on)),
  ];

  const titles: RealEstateTitle[] = [];
  const addTitle = (owner: string, address: AddressRecord) => {
    const kind = pick(['APARTMENT', 'APARTMENT', 'HOUSE', 'LAND_PLOT']);
    titles.push({
      cadastral_number: `21:3${pad(between(10, 99), 2)}:${pad(between(1, 999), 3)}:${pad(between(1, 9999), 4)}`,
      owner_iin_or_bin: owner, kind, address: `${address.city}, ${address.street}, ${address.house}${address.flat ? `, кв. ${address.flat}` : ''}`,
      area_m2: (kind === 'LAND_PLOT' ? between(400, 1500) : between(28, 180)).toFixed(1), right_kind: 'OWNERSHIP',
      registered_on: isoDate(dateBetween(2005, 2025)), encumbrance: rnd() < 0.15 ? 'MORTGAGE' : null,
    });
  };
  // the demo citizen owns a flat; the other demo citizen owns nothing (a lookup finds no record)
  addTitle(DEMO_PEOPLE.citizen, addresses[0]);
  for (const [i, p] of persons.entries()) {
    if (i < 2) continue;
    if (rnd() < 0.6) addTitle(p.iin, addresses[i]);
    if (rnd() < 0.15) addTitle(p.iin, addressOf(p.iin, '2020-01-01'));
  }
  for (const [i, e] of legalEntities.entries()) if (rnd() < 0.5) addTitle(e.bin, addresses[persons.length + i]);

  const clearances: Clearance[] = persons.filter((_, i) => i % 50 === 7).map((p) => ({ iin: p.iin, level: 'СЕКРЕТНО', granted_on: isoDate(dateBetween(2010, 2024)) }));
  return { persons, legalEntities, addresses, titles, clearances };
}

/** The identity document (удостоверение личности) of a person, as the migration service's demo system answers it. */
export function identityDocumentOf(person: Person): IdentityDocument {
  const h = createHash('sha256').update(`identity:${person.iin}`).digest();
  const issued = new Date(Date.UTC(2016 + (h[0] % 9), h[1] % 12, 1 + (h[2] % 28)));
  const until = new Date(issued);
  until.setUTCFullYear(issued.getUTCFullYear() + 10);
  until.setUTCDate(until.getUTCDate() - 1);
  return {
    iin: person.iin, kind: 'ID_CARD', number: `0${String(h.readUInt32BE(3) % 100_000_000).padStart(8, '0')}`,
    issued_by: 'МВД РК', issued_on: isoDate(issued), valid_until: isoDate(until),
  };
}
