import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tamper-evident exchange log (issue 18, RFC 9162 on the model of Certificate Transparency).
 *
 * Every accepted message becomes a pending leaf by a trigger on the table that records it, so the
 * leaf is written by the very transaction that accepts the message (an outbox) and no service can
 * forget one. The record a leaf describes is built by one SQL function per kind, `log_record`, which
 * the export calls again on the current rows: a row changed since then no longer gives its leaf.
 * Writers only ever insert into log_leaf_pending; the sequencer alone (one instance, elected by an
 * advisory lock) numbers leaves in the order their transactions became visible, and builds the tree.
 */
export class ExchangeLog1733000000000 implements MigrationInterface {
  name = 'ExchangeLog1733000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE log_leaf_pending (
        id bigserial PRIMARY KEY,
        kind varchar(24) NOT NULL,
        source_table varchar(32) NOT NULL,
        source_key varchar(200) NOT NULL,
        message_id varchar(200) NOT NULL,
        application_id uuid,
        subject_iin varchar(32),
        sender_bin char(12),
        record jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE log_leaf (
        idx bigint PRIMARY KEY,
        kind varchar(24) NOT NULL,
        source_table varchar(32) NOT NULL,
        source_key varchar(200) NOT NULL,
        message_id varchar(200) NOT NULL,
        application_id uuid,
        subject_iin varchar(32),
        sender_bin char(12),
        record jsonb NOT NULL,
        leaf_hash bytea NOT NULL,
        sequenced_at timestamptz NOT NULL
      );
      CREATE INDEX log_leaf_message_idx ON log_leaf (message_id);
      CREATE INDEX log_leaf_source_idx ON log_leaf (source_table, source_key);
      CREATE INDEX log_leaf_application_idx ON log_leaf (application_id) WHERE application_id IS NOT NULL;
      -- every complete subtree: 2^level leaves from idx·2^level (level 0: the leaves)
      CREATE TABLE log_node (
        level smallint NOT NULL,
        idx bigint NOT NULL,
        hash bytea NOT NULL,
        PRIMARY KEY (level, idx)
      );
      -- signed tree heads: the body is the RFC 8785 JSON the CMS signature covers
      CREATE TABLE log_tree_head (
        id bigserial PRIMARY KEY,
        tree_size bigint NOT NULL,
        root_hash bytea NOT NULL,
        hash_algorithm varchar(24) NOT NULL,
        issued_at timestamptz NOT NULL,
        body text NOT NULL,
        signature text NOT NULL
      );
      CREATE INDEX log_tree_head_size_idx ON log_tree_head (tree_size, id);

      CREATE FUNCTION log_ts(t timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS
        $$ SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') $$;
      -- the hash of the signed bytes and of the signature (its base64 text as received)
      CREATE FUNCTION log_signature(sid uuid) RETURNS jsonb LANGUAGE sql STABLE AS $$
        SELECT jsonb_build_object('payloadSha256', s.payload_sha256, 'signatureSha256', encode(sha256(convert_to(s.value, 'UTF8')), 'hex'),
                                  'signedAt', log_ts(s.signed_at), 'receivedAt', log_ts(s.received_at))
          FROM signature s WHERE s.id = sid
      $$;

      -- the canonical record of one accepted message, from its row as it is now (NULL: the row is gone)
      CREATE FUNCTION log_record(tbl text, skey text) RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
      DECLARE r jsonb;
      BEGIN
        IF tbl = 'stage_record' THEN
          SELECT jsonb_build_object('v', 1, 'kind', 'STAGE_REPORT', 'messageId', x.message_id, 'sender', x.provider_bin,
                   'receivedAt', log_ts(x.received_at), 'signature', log_signature(x.signature_id),
                   'applicationId', x.application_id, 'stage', x.stage, 'occurredAt', log_ts(x.occurred_at),
                   'outcome', x.outcome, 'refusalReason', x.refusal_reason, 'report', x.report, 'reportedBy', x.reported_by)
            INTO r FROM stage_record x WHERE x.id = skey::uuid;
        ELSIF tbl = 'submission' THEN
          SELECT jsonb_build_object('v', 1, 'kind', 'REQUEST_SUBMITTED', 'messageId', x.message_id, 'sender', x.operator_bin,
                   'receivedAt', log_ts(s.received_at), 'signature', log_signature(x.signature_id),
                   'applicationId', x.application_id, 'operatorIin', x.operator_iin, 'submittedBy', x.submitted_by,
                   'consentKind', x.consent_kind, 'consentGivenAt', log_ts(x.consent_given_at),
                   'consentSignature', log_signature(x.consent_signature_id), 'paymentId', x.payment_id,
                   'paymentAmount', x.payment_amount::text, 'paidAt', log_ts(x.paid_at))
            INTO r FROM submission x JOIN signature s ON s.id = x.signature_id WHERE x.application_id = skey::uuid;
        ELSIF tbl = 'exchange_message' THEN
          SELECT jsonb_build_object('v', 1, 'kind', 'DELIVERY', 'messageId', x.message_id, 'sender', 'hub', 'recipient', x.counterpart_bin,
                   'receivedAt', log_ts(x.delivered_at), 'payloadSha256', x.sha256, 'sizeBytes', x.size_bytes,
                   'applicationId', x.application_id, 'createdAt', log_ts(x.created_at))
            INTO r FROM exchange_message x WHERE x.id = skey::uuid AND x.delivered_at IS NOT NULL;
        ELSIF tbl = 'application_result' THEN
          SELECT jsonb_build_object('v', 1, 'kind', 'RESPONSE', 'messageId', x.message_id, 'sender', a.provider_bin,
                   'receivedAt', log_ts(x.received_at), 'signature', log_signature(x.signature_id),
                   'applicationId', x.application_id, 'outcome', x.outcome, 'refusalReason', x.refusal_reason,
                   'decidedAt', log_ts(x.decided_at), 'documentSha256', x.sha256, 'sizeBytes', x.size_bytes)
            INTO r FROM application_result x JOIN application a ON a.id = x.application_id WHERE x.application_id = skey::uuid;
        ELSIF tbl = 'data_access' THEN
          SELECT jsonb_build_object('v', 1, 'kind', 'DATA_ACCESS', 'messageId', x.id, 'sender', coalesce(x.actor_bin, x.actor_iin, x.actor_subject),
                   'receivedAt', log_ts(x.at), 'signature', log_signature(x.signature_id), 'requestId', x.request_id,
                   'actorSubject', x.actor_subject, 'actorRole', x.actor_role, 'actorIin', x.actor_iin, 'actorName', x.actor_name,
                   'documentType', x.document_type, 'subject', x.subject, 'purpose', x.purpose, 'applicationId', x.application_id,
                   'basis', x.basis, 'outcome', x.outcome, 'errorCode', x.error_code, 'sourceCode', x.source_code,
                   'consentSignature', log_signature(x.consent_signature_id))
            INTO r FROM data_access x WHERE x.id = skey::uuid;
        ELSIF tbl = 'incident_revision' THEN
          SELECT jsonb_build_object('v', 1, 'kind', 'INCIDENT_REVISION', 'messageId', x.incident_id || '#' || x.revision, 'sender', x.by_subject,
                   'receivedAt', log_ts(x.at), 'role', x.by_role, 'action', x.action, 'reason', x.reason, 'snapshot', x.snapshot)
            INTO r FROM incident_revision x WHERE x.incident_id::text || '#' || x.revision = skey;
        END IF;
        RETURN r;
      END $$;

      CREATE FUNCTION log_append(kind text, tbl text, skey text, application uuid, subject text, sender text) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE rec jsonb := log_record(tbl, skey);
      BEGIN
        INSERT INTO log_leaf_pending (kind, source_table, source_key, message_id, application_id, subject_iin, sender_bin, record)
        VALUES (kind, tbl, skey, rec->>'messageId', application, subject, CASE WHEN sender ~ '^\\d{12}$' THEN sender END, rec);
      END $$;

      CREATE FUNCTION log_leaf_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'stage_record' THEN
          PERFORM log_append('STAGE_REPORT', 'stage_record', NEW.id::text, NEW.application_id, NULL, NEW.provider_bin);
        ELSIF TG_TABLE_NAME = 'submission' THEN
          PERFORM log_append('REQUEST_SUBMITTED', 'submission', NEW.application_id::text, NEW.application_id, NULL, NEW.operator_bin);
        ELSIF TG_TABLE_NAME = 'exchange_message' THEN
          -- a delivery: the actual delivery time of a request the hub sent (exchange rules p.9)
          IF NEW.direction = 'OUT' AND NEW.delivered_at IS NOT NULL AND (TG_OP = 'INSERT' OR OLD.delivered_at IS NULL) THEN
            PERFORM log_append('DELIVERY', 'exchange_message', NEW.id::text, NEW.application_id, NULL, NEW.counterpart_bin);
          END IF;
        ELSIF TG_TABLE_NAME = 'application_result' THEN
          PERFORM log_append('RESPONSE', 'application_result', NEW.application_id::text, NEW.application_id, NULL, NULL);
        ELSIF TG_TABLE_NAME = 'data_access' THEN
          PERFORM log_append('DATA_ACCESS', 'data_access', NEW.id::text, NEW.application_id, NEW.subject, NEW.actor_bin);
        ELSIF TG_TABLE_NAME = 'incident_revision' THEN
          PERFORM log_append('INCIDENT_REVISION', 'incident_revision', NEW.incident_id::text || '#' || NEW.revision, NULL, NULL, NULL);
        END IF;
        RETURN NULL;
      END $$;

      CREATE TRIGGER stage_record_log AFTER INSERT ON stage_record FOR EACH ROW EXECUTE FUNCTION log_leaf_trigger();
      CREATE TRIGGER submission_log AFTER INSERT ON submission FOR EACH ROW EXECUTE FUNCTION log_leaf_trigger();
      CREATE TRIGGER exchange_message_log AFTER INSERT OR UPDATE OF delivered_at ON exchange_message FOR EACH ROW EXECUTE FUNCTION log_leaf_trigger();
      CREATE TRIGGER application_result_log AFTER INSERT ON application_result FOR EACH ROW EXECUTE FUNCTION log_leaf_trigger();
      CREATE TRIGGER data_access_log AFTER INSERT ON data_access FOR EACH ROW EXECUTE FUNCTION log_leaf_trigger();
      CREATE TRIGGER incident_revision_log AFTER INSERT ON incident_revision FOR EACH ROW EXECUTE FUNCTION log_leaf_trigger();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER stage_record_log ON stage_record; DROP TRIGGER submission_log ON submission;
      DROP TRIGGER exchange_message_log ON exchange_message; DROP TRIGGER application_result_log ON application_result;
      DROP TRIGGER data_access_log ON data_access; DROP TRIGGER incident_revision_log ON incident_revision;
      DROP FUNCTION log_leaf_trigger(); DROP FUNCTION log_append(text, text, text, uuid, text, text);
      DROP FUNCTION log_record(text, text); DROP FUNCTION log_signature(uuid); DROP FUNCTION log_ts(timestamptz);
      DROP TABLE log_tree_head, log_node, log_leaf, log_leaf_pending;
    `);
  }
}
