import { FieldResolver, Resolver, Root } from 'type-graphql';
import { AttachmentRow } from './attachment.entity';
import { Attachment, Document } from './application.type';

/** An attachment's looked-up document, owned by the documents subgraph. */
@Resolver(() => Attachment)
export class AttachmentResolver {
  @FieldResolver(() => Document, { nullable: true })
  document(@Root() attachment: AttachmentRow): Document | null {
    return attachment.documentId ? { id: attachment.documentId } : null;
  }
}
