import * as E from 'fp-ts/Either';
import { decodeCommand, decodeEvent } from '../../src/domain/decode';
import { describeDecodeError, type DecodeError } from '../../src/domain/decoding';
import { cmd, history } from './spec';

const left = <A>(r: E.Either<DecodeError, A>): DecodeError => {
  if (E.isRight(r)) throw new Error('expected a decode error');
  return r.left;
};

describe('bad input gets a typed error naming what is wrong and where', () => {
  it('an unknown command type is refused, listing the known ones', () => {
    const e = left(decodeCommand({ type: 'EscalateComplaint', complaintId: cmd.receive().complaintId }));
    expect(e.subject).toBe('command');
    expect(e.issues[0]?.message).toMatch(/^type: unknown command type "EscalateComplaint"; expected one of ReceiveComplaint, /);
  });

  it.each([null, 42, 'ReceiveComplaint', [], {}])('a command that is not an object with a type (%p) is refused', (input) => {
    expect(left(decodeCommand(input)).issues[0]?.path).toBe('type');
  });

  it('a malformed command names every wrong field with its path and value', () => {
    const e = left(decodeCommand({ ...cmd.receive(), receivedAt: 'yesterday', channel: 'fax', complainant: { id: 'c', kind: 'robot', name: '' } }));
    expect(e.subject).toBe('command ReceiveComplaint');
    expect(e.issues.map((i) => i.path)).toEqual(['receivedAt', 'channel', 'complainant.kind', 'complainant.name']);
    expect(e.issues[0]?.message).toBe('receivedAt: expected Instant(years 1900–9997), got "yesterday"');
    expect(describeDecodeError(e)).toMatch(/^Invalid command ReceiveComplaint: receivedAt: expected Instant/);
  });

  it('a complaint id must be a UUID', () => {
    expect(left(decodeCommand({ ...cmd.contact(), complaintId: 'complaint-1' })).issues[0]?.path).toBe('complaintId');
  });

  it('a date that does not exist is refused', () => {
    expect(left(decodeCommand({ ...cmd.delay(), newAnswerDue: '2022-02-30' })).issues[0]?.message).toBe('newAnswerDue: expected CalendarDate, got "2022-02-30"');
  });

  it('an instant without a time zone is refused (it would name no single moment)', () => {
    expect(left(decodeCommand({ ...cmd.receive(), receivedAt: '2022-01-10T09:00:00' })).issues[0]?.path).toBe('receivedAt');
  });

  it('a 10 MB complaint text is refused, not stored, and the error does not echo it', () => {
    const e = left(decodeCommand({ ...cmd.receive(), description: 'x'.repeat(10 * 1024 * 1024) }));
    expect(e.issues[0]?.message).toBe('description: expected LongText(1..20000 chars), got a string of 10485760 characters');
  });

  it('too many corrective measures are refused', () => {
    const e = left(decodeCommand({ ...cmd.answer(), correctiveMeasures: Array.from({ length: 51 }, (_, i) => `measure ${i}`) }));
    expect(e.issues[0]?.path).toBe('correctiveMeasures');
  });

  it('unknown fields are dropped, not stored', () => {
    const decoded = decodeCommand({ ...cmd.contact(), internalNote: 'should not reach the event store' });
    expect(E.isRight(decoded) && 'internalNote' in decoded.right).toBe(false);
  });

  it('an unknown event type is refused', () => {
    expect(left(decodeEvent('ComplaintEscalated', {})).issues[0]?.message).toMatch(/unknown event type "ComplaintEscalated"/);
  });

  it('a stored event whose data is wrong names the path under data', () => {
    const [received] = history({ command: cmd.receive(), now: '2022-01-10T16:05:00+01:00' });
    const data = { ...(received?.data as object), deadlines: { acknowledgementDue: '2022-01-17', answerDue: 'soon', urgencyTargetDue: null } };
    expect(left(decodeEvent('ComplaintReceived', data)).issues.map((i) => i.path)).toEqual(['data.deadlines.answerDue']);
  });

  it('every event the decider emits decodes back to itself', () => {
    const events = history(
      { command: cmd.receive(), now: '2022-01-10T16:05:00+01:00' },
      { command: cmd.acknowledge(), now: '2022-01-11T10:00:00+01:00' },
      { command: cmd.delay(), now: '2022-01-27T10:00:00+01:00' },
      { command: cmd.answer(), now: '2022-02-01T10:00:00+01:00' },
    );
    for (const e of events) expect(decodeEvent(e.type, JSON.parse(JSON.stringify(e.data)))).toEqual(E.right(e));
  });
});
