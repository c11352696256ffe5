/**
 * `@lukea/complaints/audit` — what an auditor reads and what leaves the system:
 *
 * - {@link history} (every event with the state after it) and {@link stateAsOf} (the state
 *   as recorded at a past instant), each also in fp-ts form (`historyTE`, `stateAsOfTE`);
 * - timelines in French and English ({@link formatTimeline});
 * - hash-chained NDJSON {@link exportStreams} / {@link verifyExport} / {@link importStreams},
 *   optionally signed with Ed25519;
 * - the compliance report of a period ({@link complianceReport}, {@link complianceHtml}).
 *
 * Naming rule: the Promise form has the plain name, the fp-ts form a `TE` suffix.
 * @packageDocumentation
 */

// History and state as of an instant.
export { history, historyTE, stateAsOf, stateAsOfTE, replay, replayRecorded, stateAsOfEntries, HISTORY_PAGE_SIZE } from './audit/history';
export type { HistoryEntry, HistoryOptions, StateAsOf } from './audit/history';
export { occurredAt } from './audit/businessTime';

// Timelines.
export { formatTimeline, localDateTime, englishWording, frenchWording } from './audit/timeline';
export type { TimelineOptions, TimelineWording } from './audit/timeline';

// Hash-chained NDJSON export, verification, import; signatures.
export { exportStreams, exportStreamsTE, importStreams, importStreamsTE, verifyExport } from './audit/ndjson';
export type { ExportOptions, ImportOptions, ImportResult } from './audit/ndjson';
export type { VerifiedExport, VerifyError, VerifyOptions } from './audit/verify';
export { EXPORT_SIGNATURE_ALGORITHM, EXPORT_SIGNATURE_FORMAT, keyIdOf } from './audit/signature';
export type { ExportSigning, ExportTrailer, KeyInput } from './audit/signature';
export { GENESIS_HASH } from './audit/exportLine';
export type { ExportLine } from './audit/exportLine';
export { AuditFailure, describeAuditError } from './audit/errors';
export type { AuditError, ExportFault, ImportConflict, InvalidExport, InvalidKey, InvalidSignature, SignatureProblem } from './audit/errors';

// The compliance report of a period (JSON value, HTML page with inline SVG).
export { complianceReport } from './reports/complianceReport';
export type { ComplianceReport, ComplianceReportOptions, MonthCompliance, OverdueRow, RecourseSummary } from './reports/complianceReport';
export { complianceHtml } from './reports/complianceHtml';
export type { ComplianceHtmlOptions } from './reports/complianceHtml';
export { englishComplianceWording, frenchComplianceWording } from './reports/complianceWording';
export type { ComplianceWording } from './reports/complianceWording';

// The 0.1 names of the Promise forms, for one minor version.
export { historyAsync, stateAsOfAsync } from './audit/history';
export { exportStreamsAsync, importStreamsAsync } from './audit/ndjson';
