import { GraphQLError } from 'graphql';

/** Every error code the hub answers with, in one place (clients switch on these). */
export enum ErrorCode {
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  UpstreamSignatureInvalid = 'UPSTREAM_SIGNATURE_INVALID',
  NotFound = 'NOT_FOUND',
  InvalidIinBin = 'INVALID_IIN_BIN',
  InvalidTime = 'INVALID_TIME',
  InvalidDate = 'INVALID_DATE',
  TimeInFuture = 'TIME_IN_FUTURE',
  FieldRequired = 'FIELD_REQUIRED',
  TextTooLong = 'TEXT_TOO_LONG',
  UnknownService = 'UNKNOWN_SERVICE',
  PlannedDateBeforeAcceptance = 'PLANNED_DATE_BEFORE_ACCEPTANCE',
  StageMovesBackwards = 'STAGE_MOVES_BACKWARDS',
  StageAlreadyRecorded = 'STAGE_ALREADY_RECORDED',
  StageTimeBeforePrevious = 'STAGE_TIME_BEFORE_PREVIOUS',
  RequestClosed = 'REQUEST_CLOSED',
  FieldConflict = 'FIELD_CONFLICT',
  InvalidCursor = 'INVALID_CURSOR',
  InvalidArgument = 'INVALID_ARGUMENT',
  SubscriberTooSlow = 'SUBSCRIBER_TOO_SLOW',
  // digital signatures (ЭЦП) of messages
  SignatureRequired = 'SIGNATURE_REQUIRED',
  SignatureInvalid = 'SIGNATURE_INVALID',
  PayloadMismatch = 'PAYLOAD_MISMATCH',
  CertExpired = 'CERT_EXPIRED',
  CertNotYetValid = 'CERT_NOT_YET_VALID',
  CertRevoked = 'CERT_REVOKED',
  CertUntrusted = 'CERT_UNTRUSTED',
  CertKeyUsage = 'CERT_KEY_USAGE',
  SignerMismatch = 'SIGNER_MISMATCH',
  UnsupportedAlgorithm = 'UNSUPPORTED_ALGORITHM',
  MalformedSignature = 'MALFORMED_SIGNATURE',
  // applications submitted through the hub
  ServiceInactive = 'SERVICE_INACTIVE',
  ConsentRequired = 'CONSENT_REQUIRED',
  PaymentRequired = 'PAYMENT_REQUIRED',
  PaymentAmountMismatch = 'PAYMENT_AMOUNT_MISMATCH',
  PaymentNotExpected = 'PAYMENT_NOT_EXPECTED',
  AttachmentHashMismatch = 'ATTACHMENT_HASH_MISMATCH',
  AttachmentTooLarge = 'ATTACHMENT_TOO_LARGE',
  AttachmentInvalid = 'ATTACHMENT_INVALID',
  RequiredDocumentMissing = 'REQUIRED_DOCUMENT_MISSING',
  DocumentNotFound = 'DOCUMENT_NOT_FOUND',
  DocumentOfAnotherSubject = 'DOCUMENT_OF_ANOTHER_SUBJECT',
  DuplicateResponse = 'DUPLICATE_RESPONSE',
  ResultNotIssued = 'RESULT_NOT_ISSUED',
  SurveyNotOpen = 'SURVEY_NOT_OPEN',
  SurveyAlreadyAnswered = 'SURVEY_ALREADY_ANSWERED',
  NotDeadLettered = 'NOT_DEAD_LETTERED',
  // why an attempt to deliver a request to a provider's system failed (the message journal)
  ProviderUnreachable = 'PROVIDER_UNREACHABLE',
  ProviderTimeout = 'PROVIDER_TIMEOUT',
  ProviderConnectionLost = 'PROVIDER_CONNECTION_LOST',
  ProviderHttpError = 'PROVIDER_HTTP_ERROR',
  ProviderRejected = 'PROVIDER_REJECTED',
  ProviderNotConfigured = 'PROVIDER_NOT_CONFIGURED',
  ProcessInterrupted = 'PROCESS_INTERRUPTED',
}

/** A coded error that names the offending field (a dotted input path such as `input.recipient.iinOrBin`). */
export function hubError(code: ErrorCode, message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: field ? { code, field } : { code } });
}
