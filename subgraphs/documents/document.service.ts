import { DocumentRow } from './document.entity';
import { ErrorCode, hubError } from '../../platform/errors';
import { requireIdentity } from '../../platform/identity';
import { DocumentsContext } from './documents.deps';

/**
 * Who may read a stored document: the person or organisation it is about, the organisation that
 * looked it up, the provider of an application it is attached to, and admins. Analysts and the
 * contact centre work with statuses, not with personal documents.
 */
export async function findDocument(ctx: DocumentsContext, id: string): Promise<DocumentRow | null> {
  const who = requireIdentity(ctx.identity);
  const row = await ctx.store.load(id);
  if (!row) return null;
  const allowed = await (async () => {
    switch (who.role) {
      case 'admin': return true;
      case 'citizen': return !!who.iin && row.subjectIin === who.iin;
      case 'operator':
      case 'partner': return !!who.bin && row.lookedUpByBin === who.bin;
      case 'provider': return !!who.bin && (row.lookedUpByBin === who.bin || await ctx.store.attachedToProvider(row.id, who.bin));
      default: return false;
    }
  })();
  if (!allowed) throw hubError(ErrorCode.Forbidden, 'You may not see this document');
  return row;
}
