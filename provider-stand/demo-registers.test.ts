import { isValidIinBin } from '../platform/iin';
import { DEMO_PEOPLE, demoRegisters, identityDocumentOf } from './demo-registers';

describe("the test stand's registers", () => {
  const registers = demoRegisters();

  it('gives every person an IIN and every legal entity a BIN that pass the checksum, each once', () => {
    const iins = registers.persons.map((p) => p.iin);
    const bins = registers.legalEntities.map((e) => e.bin);
    expect(iins.filter((iin) => !isValidIinBin(iin))).toEqual([]);
    expect(bins.filter((bin) => !isValidIinBin(bin))).toEqual([]);
    expect(new Set(iins).size).toBe(iins.length);
    expect(new Set(bins).size).toBe(bins.length);
    expect(registers.persons).toHaveLength(1000);
  });

  it('encodes the birth date and sex in each IIN, and the registration month and legal-entity type in each BIN', () => {
    for (const p of registers.persons) {
      expect(p.iin.slice(0, 6)).toBe(p.birth_date.slice(2, 4) + p.birth_date.slice(5, 7) + p.birth_date.slice(8, 10));
      const digit = Number(p.iin[6]);
      expect(digit % 2 === 0 ? 'F' : 'M').toBe(p.sex);
    }
    for (const e of registers.legalEntities.slice(4)) {
      expect(e.bin.slice(0, 4)).toBe(e.registered_on.slice(2, 4) + e.registered_on.slice(5, 7));
      expect(e.bin[4]).toBe('4');
    }
  });

  it('holds the demo citizens, one owning a flat and the other owning nothing', () => {
    expect(registers.persons.slice(0, 2).map((p) => p.iin)).toEqual([DEMO_PEOPLE.citizen, DEMO_PEOPLE.otherCitizen]);
    expect(registers.titles.filter((t) => t.owner_iin_or_bin === DEMO_PEOPLE.citizen)).toHaveLength(1);
    expect(registers.titles.filter((t) => t.owner_iin_or_bin === DEMO_PEOPLE.otherCitizen)).toHaveLength(0);
  });

  it('gives every person and entity an address, and titles only to people and entities that exist', () => {
    const known = new Set([...registers.persons.map((p) => p.iin), ...registers.legalEntities.map((e) => e.bin)]);
    expect(new Set(registers.addresses.map((a) => a.iin_or_bin))).toEqual(known);
    expect(registers.titles.every((t) => known.has(t.owner_iin_or_bin))).toBe(true);
    expect(registers.clearances.length).toBeGreaterThan(0);
  });

  it('is the same on every run, identity documents included', () => {
    const again = demoRegisters();
    expect(again.persons.map((p) => p.iin)).toEqual(registers.persons.map((p) => p.iin));
    expect(again.titles).toEqual(registers.titles);
    const doc = identityDocumentOf(registers.persons[0]);
    expect(identityDocumentOf(again.persons[0])).toEqual(doc);
    expect(doc.number).toMatch(/^0\d{8}$/);
    expect(doc.valid_until > doc.issued_on).toBe(true);
  });
});
