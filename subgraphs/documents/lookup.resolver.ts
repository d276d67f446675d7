import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { ErrorCode, hubError } from '../../platform/errors';
import { signedPart } from '../signatures/api';
import { DocumentsContext } from './documents.deps';
import { Document } from './document.type';
import { documentView } from './document.view';
import { DocumentLookupInput, PrefillInput, SingleLookupInput } from './lookup.input';
import { ItemOutcome, performLookups } from './lookup.service';
import { ApplicationDraft, LookupResult } from './lookup.type';
import { prefillApplication } from './prefill.service';

@Resolver()
export class LookupResolver {
  @Mutation(() => Document, { description: 'Looks up one document, signed (ЦОН exchange rules p.11.3); a refusal or a source failure is a coded error, and is journalled.' })
  async lookupDocument(@Arg('input', () => SingleLookupInput) input: SingleLookupInput, @Ctx() ctx: DocumentsContext): Promise<Document> {
    const { requestedAt, purpose, signature, ...item } = input;
    const [outcome] = await performLookups(ctx, { requestedAt, purpose, items: [item], signature }, signedPart(input), () => 'input', 'lookupDocument');
    if (!outcome.document) throw hubError(outcome.error!.code as ErrorCode, outcome.error!.message, outcome.error!.field ?? undefined);
    return documentView(outcome.document, ctx.deps.sources.registry);
  }

  @Mutation(() => [LookupResult], { description: 'Looks up many documents in one signed request: each source is asked once; each document has its own answer or coded error.' })
  async lookupDocuments(@Arg('input', () => DocumentLookupInput) input: DocumentLookupInput, @Ctx() ctx: DocumentsContext): Promise<LookupResult[]> {
    const outcomes = await performLookups(ctx, input, signedPart(input), (i) => `input.items.${i}`, 'lookupDocuments');
    return outcomes.map((o) => resultOf(o, ctx));
  }

  @Mutation(() => ApplicationDraft, { description: "Prefills an application for a service from the registers: the recipient's record, address and every required document, each separately." })
  async prefillApplication(@Arg('input', () => PrefillInput) input: PrefillInput, @Ctx() ctx: DocumentsContext): Promise<ApplicationDraft> {
    const draft = await prefillApplication(ctx, input);
    return { ...draft, documents: draft.documents.map((o) => resultOf(o, ctx)) };
  }
}

function resultOf(o: ItemOutcome, ctx: DocumentsContext): LookupResult {
  return { documentType: o.documentType, subjectIinBin: o.subjectIinBin, document: o.document ? documentView(o.document, ctx.deps.sources.registry) : null, error: o.error };
}

