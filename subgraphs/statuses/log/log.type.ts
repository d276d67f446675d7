import { Directive, Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'A signed tree head of the exchange log (RFC 9162): its size and root, signed by the hub\'s certificate (CMS over the RFC 8785 bytes of `body`).' })
export class LogTreeHead {
  @Field(() => Int) treeSize: number;
  @Field({ description: 'MTH of the first treeSize leaves, hex' }) rootHash: string;
  @Field({ description: 'sha-256 or streebog-256' }) hashAlgorithm: string;
  @Field() issuedAt: Date;
  @Field({ description: 'the signed bytes: RFC 8785 JSON of log, v, hash, treeSize, rootHash, timestamp' }) body: string;
  @Field({ description: 'base64 CMS (detached) over body, by the hub\'s certificate' }) signature: string;
}

@ObjectType({ description: 'That a message is in the exchange log: its leaf, index and audit path to a signed tree head (RFC 9162 2.1.3).' })
export class LogInclusionProof {
  @Field() messageId: string;
  @Field({ description: 'STAGE_REPORT, REQUEST_SUBMITTED, DELIVERY, RESPONSE, DATA_ACCESS or INCIDENT_REVISION' }) kind: string;
  @Field({ description: 'the record the leaf is the hash of; its RFC 8785 form is hashed as HASH(0x00 || bytes)' }) record: string;
  @Field(() => String, { nullable: true, description: 'hex; null while the sequencer has not taken it yet' }) leafHash: string | null;
  @Field(() => Int, { nullable: true, description: 'null while no signed tree head covers it yet' }) index: number | null;
  @Field(() => [String], { description: 'hex, leaf first' }) auditPath: string[];
  @Field(() => LogTreeHead, { nullable: true }) treeHead: LogTreeHead | null;
}

@ObjectType({ description: 'That the log of size `to` extends the one of size `from` (RFC 9162 2.1.4).' })
export class LogConsistencyProof {
  @Field(() => Int) from: number;
  @Field(() => Int) to: number;
  @Field(() => [String], { description: 'hex' }) proof: string[];
  @Field() fromRoot: string;
  @Field() toRoot: string;
  @Field(() => LogTreeHead, { nullable: true, description: 'the hub\'s signed head of size from, if it signed one' }) fromHead: LogTreeHead | null;
  @Field(() => LogTreeHead, { nullable: true }) toHead: LogTreeHead | null;
}

@ObjectType({ description: 'Where an entry is in the exchange log (its leaf and index), for a timeline or an access journal; logInclusionProof(messageId) proves it.' })
@Directive('@shareable')
export class LogEntry {
  @Field() messageId: string;
  @Field() leafHash: string;
  @Field(() => Int) index: number;
}
