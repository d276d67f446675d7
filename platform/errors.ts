import { GraphQLError } from 'graphql';

/** Every error code the hub answers with, in one place (clients switch on these). */
export enum ErrorCode {
  Unauthenticated = 'UNAUTHENTICATED',
  // a token was given but is not taken: expired, or anything else wrong with it (signature, claims, form)
  TokenExpired = 'TOKEN_EXPIRED',
  InvalidToken = 'INVALID_TOKEN',
  Forbidden = 'FORBIDDEN',
  UpstreamSignatureInvalid = 'UPSTREAM_SIGNATURE_INVALID',
  // a gateway request signed for another subgraph, outside the window, or taken before; or no room to remember it
  UpstreamRequestStale = 'UPSTREAM_REQUEST_STALE',
  UpstreamRequestReplayed = 'UPSTREAM_REQUEST_REPLAYED',
  UpstreamReplayCacheFull = 'UPSTREAM_REPLAY_CACHE_FULL',
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
  ApplicationNumberReserved = 'APPLICATION_NUMBER_RESERVED',
  CalendarNotCovered = 'CALENDAR_NOT_COVERED',
  InvalidArgument = 'INVALID_ARGUMENT',
  /** a variable's value does not fit the type the operation declared for it (GraphQL's own coercion) */
  BadUserInput = 'BAD_USER_INPUT',
  /** the hub's database cannot be reached (or refused the connection): nothing was recorded */
  DatabaseUnavailable = 'DATABASE_UNAVAILABLE',
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
  /** no fresh revocation answer (CRL past nextUpdate, OCSP down or stale) and REVOCATION_FAIL_CLOSED is on */
  CertStatusUnknown = 'CERT_STATUS_UNKNOWN',
  /** a signature time-stamp token that does not verify, is about another signature or comes from an untrusted TSA */
  TimestampInvalid = 'TIMESTAMP_INVALID',
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
  DeliveryNotRecorded = 'DELIVERY_NOT_RECORDED',
  // document lookups from other providers' databases
  UnknownDocumentType = 'UNKNOWN_DOCUMENT_TYPE',
  LookupBasisRequired = 'LOOKUP_BASIS_REQUIRED',
  ApplicationOfAnotherRecipient = 'APPLICATION_OF_ANOTHER_RECIPIENT',
  DocumentClassified = 'DOCUMENT_CLASSIFIED',
  NoRecordAtSource = 'NO_RECORD_AT_SOURCE',
  SourceUnavailable = 'SOURCE_UNAVAILABLE',
  SourceTimeout = 'SOURCE_TIMEOUT',
  SourceMalformed = 'SOURCE_MALFORMED',
  TooManyLookups = 'TOO_MANY_LOOKUPS',
  DocumentTypeMismatch = 'DOCUMENT_TYPE_MISMATCH',
  ApplicationOfAnotherOrganisation = 'APPLICATION_OF_ANOTHER_ORGANISATION',
  ApplicationClosed = 'APPLICATION_CLOSED',
  DocumentTypeNotRequired = 'DOCUMENT_TYPE_NOT_REQUIRED',
  ConsentExpired = 'CONSENT_EXPIRED',
  // monitoring reports and technical incidents
  InvalidMonth = 'INVALID_MONTH',
  MonthNotOver = 'MONTH_NOT_OVER',
  InvalidPeriod = 'INVALID_PERIOD',
  UnsupportedFormat = 'UNSUPPORTED_FORMAT',
  // gateway limits
  MaxDepthExceeded = 'MAX_DEPTH_EXCEEDED',
  MaxTokensExceeded = 'MAX_TOKENS_EXCEEDED',
  MaxAliasesExceeded = 'MAX_ALIASES_EXCEEDED',
  MaxCostExceeded = 'MAX_COST_EXCEEDED',
  MaxFieldsExceeded = 'MAX_FIELDS_EXCEEDED',
  MaxFragmentSpreadsExceeded = 'MAX_FRAGMENT_SPREADS_EXCEEDED',
  IntrospectionDisabled = 'INTROSPECTION_DISABLED',
  TrustedOperationRequired = 'TRUSTED_OPERATION_REQUIRED',
  UnknownTrustedOperation = 'UNKNOWN_TRUSTED_OPERATION',
  RateLimited = 'RATE_LIMITED',
  CsrfHeaderRequired = 'CSRF_HEADER_REQUIRED',
  RequestTooLarge = 'REQUEST_TOO_LARGE',
  /** a request that is not a GraphQL request at all: parameters or body that are not JSON, a path that is no URL */
  BadRequest = 'BAD_REQUEST',
  // fault handling
  SubgraphUnavailable = 'SUBGRAPH_UNAVAILABLE',
}

/** A coded error that names the offending field (a dotted input path such as `input.recipient.iinOrBin`). */
export function hubError(code: ErrorCode, message: string, field?: string): GraphQLError {
  return new GraphQLError(message, { extensions: field ? { code, field } : { code } });
}
