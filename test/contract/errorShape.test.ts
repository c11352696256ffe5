/**
 * One shape for every Error class of the library: `_tag` is the cause's tag, `error` the
 * tagged cause (what the fp-ts API returns as its Left), `message` one sentence — whichever
 * module threw it. Before, `EventStoreError` and `KeyStoreError` had no `_tag`.
 */
import {
  ComplaintServiceError,
  EventStoreError,
  InMemoryEventStore,
  TaggedError,
  describeDecodeError,
  describeServiceError,
  describeStoreError,
} from '../../src/index';
import { QueryError } from '../../src/projections';
import { AuditFailure, describeAuditError } from '../../src/audit';
import { KeyStoreError, PersonalDataError, describePrivacyError } from '../../src/privacy';

const conflict = { _tag: 'ConcurrencyConflict', streamName: 'complaint-x', expected: 'no_stream', actual: 0n } as const;

describe('every error class has the same shape', () => {
  it.each([
    ['EventStoreError', new EventStoreError(conflict), conflict, describeStoreError(conflict)],
    ['ComplaintServiceError', new ComplaintServiceError({ _tag: 'UnknownComplaint', complaintId: 'c-1' }), { _tag: 'UnknownComplaint', complaintId: 'c-1' }, describeServiceError({ _tag: 'UnknownComplaint', complaintId: 'c-1' })],
    ['AuditFailure', new AuditFailure({ _tag: 'InvalidExport', line: 3, fault: 'tampered', reason: 'r' }), { _tag: 'InvalidExport', line: 3, fault: 'tampered', reason: 'r' }, describeAuditError({ _tag: 'InvalidExport', line: 3, fault: 'tampered', reason: 'r' })],
    ['PersonalDataError', new PersonalDataError({ _tag: 'UnknownKey', keyId: 'k' }), { _tag: 'UnknownKey', keyId: 'k' }, describePrivacyError({ _tag: 'UnknownKey', keyId: 'k' })],
    ['KeyStoreError', new KeyStoreError({ _tag: 'KeyStoreUnavailable', message: 'down' }), { _tag: 'KeyStoreUnavailable', message: 'down' }, describePrivacyError({ _tag: 'KeyStoreUnavailable', message: 'down' })],
    ['QueryError', new QueryError({ _tag: 'DecodeError', subject: 'q', issues: [] }), { _tag: 'DecodeError', subject: 'q', issues: [] }, describeDecodeError({ _tag: 'DecodeError', subject: 'q', issues: [] })],
  ] as const)('%s: _tag is the tag of error, error is the tagged cause, message describes it', (name, e, cause, message) => {
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(TaggedError);
    expect(e.name).toBe(name);
    expect(e._tag).toBe(cause._tag);
    expect(e.error).toEqual(cause);
    expect(e.message).toBe(message);
  });

  it('a store conflict raised by the in-memory store is read as e._tag, like a service error', async () => {
    const store = new InMemoryEventStore();
    const event = { id: '00000000-0000-4000-8000-000000000001', type: 'T', data: {}, metadata: {} };
    await store.appendToStream('complaint-x', [event], { expectedRevision: 'no_stream' });
    const failure: unknown = await store.appendToStream('complaint-x', [{ ...event, id: '00000000-0000-4000-8000-000000000002' }], { expectedRevision: 'no_stream' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(EventStoreError);
    expect(failure instanceof TaggedError && failure._tag).toBe('ConcurrencyConflict');
    // The older access still works: the cause's own tag.
    expect(failure instanceof EventStoreError && failure.error._tag).toBe('ConcurrencyConflict');
  });

  it('the cause given to the constructor is kept as the standard Error cause', () => {
    const root = new Error('socket closed');
    expect(new EventStoreError({ _tag: 'StoreUnavailable', message: 'm' }, { cause: root }).cause).toBe(root);
    expect(new ComplaintServiceError({ _tag: 'StoreUnavailable', message: 'm' }, { cause: root }).cause).toBe(root);
  });
});
