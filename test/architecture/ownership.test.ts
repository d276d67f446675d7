import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Each subgraph owns its tables (README, "Architecture"): another subgraph may read them, but
 * changes them only through the owner's api.ts (e.g. recordSignature, saveApplication), each taking
 * the caller's EntityManager. This reads every subgraph's code for a write naming another owner's
 * entity class: save/insert/update/upsert/delete/remove, or a query builder's insert().into / update().
 */
const root = path.resolve(__dirname, '../..');
const SUBGRAPHS = ['applications', 'documents', 'signatures', 'statuses'];

const sources = (name: string) => readdirSync(path.join(root, 'subgraphs', name), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => ({ file: `subgraphs/${name}/${f}`, text: readFileSync(path.join(root, 'subgraphs', name, f), 'utf8') }));

/** The entity classes declared in a subgraph's *.entity.ts files. */
const entitiesOf = (name: string) => sources(name).filter((s) => s.file.endsWith('.entity.ts'))
  .flatMap((s) => [...s.text.matchAll(/export class (\w+Row)\b/g)].map((m) => m[1]));

/** The writes in a text that name one of the given entity classes. */
function writesIn(text: string, entities: string[]): string[] {
  const names = entities.join('|');
  const writes = new RegExp(String.raw`\.(save|insert|update|upsert|delete|remove|softDelete)\(\s*(${names})\b|\.(into|update)\(\s*(${names})\b`, 'g');
  return [...text.matchAll(writes)].map((m) => m[0]);
}

function foreignWrites(name: string): string[] {
  const foreign = SUBGRAPHS.filter((other) => other !== name).flatMap(entitiesOf);
  return sources(name).flatMap((s) => writesIn(s.text, foreign).map((w) => `${s.file}: ${w}`));
}

describe('table ownership', () => {
  it.each(SUBGRAPHS)('the %s subgraph writes no other subgraph\'s table directly', (name) => {
    expect(foreignWrites(name)).toEqual([]);
  });

  it('finds such a write when there is one (the check itself works)', () => {
    const applications = entitiesOf('applications');
    expect(applications).toEqual(expect.arrayContaining(['ApplicationRow', 'ExchangeMessageRow']));
    expect(writesIn('await m.save(ApplicationRow, app);', applications)).toHaveLength(1);
    expect(writesIn('await m.createQueryBuilder().insert().into(ApplicationRow).values(v)', applications)).toHaveLength(1);
    expect(writesIn('await m.findOneBy(ApplicationRow, { id })', applications)).toEqual([]);
  });
});
