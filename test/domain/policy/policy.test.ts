import * as E from 'fp-ts/Either';
import type { DecodeError } from '../../../src/domain/decoding';
import { PolicyCodec, defaultPolicy, formOf, parsePolicy } from '../../../src/domain/policy/policy';
import type { Policy } from '../../../src/domain/policy/policy';
import { CHANNELS } from '../../../src/domain/vocabulary';

/** The policy as plain, mutable JSON, to break one field at a time. */
const seedJson = (): Record<string, unknown> => JSON.parse(JSON.stringify(defaultPolicy)) as Record<string, unknown>;

const refused = (input: unknown): DecodeError => {
  const result = parsePolicy(input);
  if (E.isRight(result)) throw new Error(`expected parsePolicy to refuse ${JSON.stringify(input)}`);
  return result.left;
};

const paths = (e: DecodeError): string[] => e.issues.map((i) => i.path);

describe('the default policy is the seed, version 2021-06-25', () => {
  it('has the version id of the policy text and counts days in Paris, literally (calendar days)', () => {
    expect(defaultPolicy.version).toBe('2021-06-25');
    expect(defaultPolicy.timeZone).toBe('Europe/Paris');
    expect(defaultPolicy.dayCounting).toBe('calendar');
  });

  it('acknowledges written complaints within a week and answers within 15 days', () => {
    expect(defaultPolicy.acknowledgementDays).toBe(7);
    expect(defaultPolicy.answerDays).toBe(15);
  });

  it('gives the direction an internal 15-day target for an appeal and warns 2 days ahead', () => {
    expect(defaultPolicy.internalAppealDecisionDays).toBe(15);
    expect(defaultPolicy.warningHorizonDays).toBe(2);
  });

  it('sets internal targets only for critical (2 days) and high (7 days) urgencies', () => {
    expect(defaultPolicy.urgencyTargets).toEqual({ critical: 2, high: 7 });
  });

  it('treats web, email and postal mail as written, phone and in person as verbal', () => {
    expect(defaultPolicy.channels).toEqual({ web: 'written', email: 'written', postal_mail: 'written', phone: 'verbal', in_person: 'verbal' });
    expect(CHANNELS.map((c) => formOf(defaultPolicy, c))).toEqual(['written', 'written', 'written', 'verbal', 'verbal']);
  });

  it('names the mediator of the second recourse at 161 Cours Tolstoï, 69100 Villeurbanne', () => {
    expect(defaultPolicy.mediator).toEqual({
      name: 'Médiateur',
      address: { street: '161 Cours Tolstoï', postalCode: '69100', city: 'Villeurbanne', country: 'FR' },
    });
  });

  it('is deep-frozen', () => {
    expect(Object.isFrozen(defaultPolicy)).toBe(true);
    expect(Object.isFrozen(defaultPolicy.urgencyTargets)).toBe(true);
    expect(Object.isFrozen(defaultPolicy.channels)).toBe(true);
    expect(Object.isFrozen(defaultPolicy.mediator.address)).toBe(true);
  });
});

describe('parsePolicy accepts a valid policy', () => {
  it('reads the seed back unchanged (round trip through JSON)', () => {
    expect(parsePolicy(JSON.parse(JSON.stringify(PolicyCodec.encode(defaultPolicy))))).toEqual(E.right(defaultPolicy));
  });

  it('returns a fresh deep-frozen value and leaves the input unfrozen', () => {
    const input = seedJson();
    const result = parsePolicy(input);
    if (E.isLeft(result)) throw new Error('expected the seed to parse');
    expect(result.right).not.toBe(input);
    expect(Object.isFrozen(result.right)).toBe(true);
    expect(Object.isFrozen(result.right.mediator.address)).toBe(true);
    expect(Object.isFrozen(input)).toBe(false);
    expect(Object.isFrozen(input['mediator'])).toBe(false);
  });

  it('drops unknown keys at every level', () => {
    const input = { ...seedJson(), comment: 'draft', channels: { ...defaultPolicy.channels, fax: 'written' }, urgencyTargets: { critical: 1, urgent: 1 } };
    const result = parsePolicy(input);
    expect(E.isRight(result) && result.right).toEqual({ ...defaultPolicy, urgencyTargets: { critical: 1 } });
  });

  it('leaves an urgency target given as undefined absent rather than undefined', () => {
    const result = parsePolicy({ ...seedJson(), urgencyTargets: { critical: 2, low: undefined } });
    expect(E.isRight(result) && Object.keys(result.right.urgencyTargets)).toEqual(['critical']);
  });

  it('defaults a missing warning horizon to 2 days', () => {
    const { warningHorizonDays: _dropped, ...rest } = defaultPolicy;
    expect(E.map((p: Policy) => p.warningHorizonDays)(parsePolicy(rest))).toEqual(E.right(2));
  });

  it('maxDelayNotices may be omitted (10) and must be a whole number 1–100', () => {
    const { maxDelayNotices: _dropped, ...rest } = defaultPolicy;
    expect(E.map((p: Policy) => p.maxDelayNotices)(parsePolicy(rest))).toEqual(E.right(10));
    for (const bad of [0, 101, 2.5, -1, '3']) {
      const r = parsePolicy({ ...defaultPolicy, maxDelayNotices: bad });
      expect(E.isLeft(r) && r.left.issues.map((i) => i.path)).toEqual(['maxDelayNotices']);
    }
  });

  it('accepts business-day counting, another zone, and no urgency targets at all', () => {
    const input = { ...seedJson(), version: '2025-01-01', dayCounting: 'business', timeZone: 'America/Martinique', urgencyTargets: {} };
    expect(E.isRight(parsePolicy(input))).toBe(true);
  });

  it('accepts an urgency target equal to the answer days', () => {
    expect(E.isRight(parsePolicy({ ...seedJson(), urgencyTargets: { low: 15 } }))).toBe(true);
  });
});

describe('parsePolicy refuses an invalid policy with a typed error naming the path', () => {
  it('refuses an urgency target longer than the 15-day commitment', () => {
    const error = refused({ ...seedJson(), urgencyTargets: { critical: 20, high: 7 } });
    expect(error).toEqual({
      _tag: 'DecodeError',
      subject: 'policy',
      issues: [
        {
          path: 'urgencyTargets.critical',
          expected: 'at most answerDays (15)',
          message: 'urgencyTargets.critical: expected at most answerDays (15), got 20',
        },
      ],
    });
  });

  it('measures urgency targets against the policy’s own answer days', () => {
    expect(paths(refused({ ...seedJson(), answerDays: 5 }))).toEqual(['urgencyTargets.high', 'acknowledgementDays']);
  });

  it('refuses an acknowledgement deadline later than the answer deadline', () => {
    expect(refused({ ...seedJson(), acknowledgementDays: 16 }).issues[0]?.message).toBe(
      'acknowledgementDays: expected at most answerDays (15), got 16',
    );
  });

  it.each([['Mars/Olympus'], ['+01:00'], [''], ['Europe/Pariss']])('refuses the time zone %j', (zone) => {
    const error = refused({ ...seedJson(), timeZone: zone });
    expect(error._tag).toBe('DecodeError');
    expect(error.subject).toBe('policy');
    expect(paths(error)).toEqual(['timeZone']);
  });

  it('refuses an unknown day-counting mode', () => {
    const error = refused({ ...seedJson(), dayCounting: 'lunar' });
    expect(error.issues).toEqual([{ path: 'dayCounting', expected: 'DayCounting', message: 'dayCounting: expected DayCounting, got "lunar"' }]);
  });

  it('lists every missing field', () => {
    expect(paths(refused({}))).toEqual([
      'version',
      'timeZone',
      'dayCounting',
      'acknowledgementDays',
      'answerDays',
      'internalAppealDecisionDays',
      'urgencyTargets',
      'channels',
      'mediator',
    ]);
  });

  it('names nested missing fields', () => {
    const input = { ...seedJson(), channels: { web: 'written' }, mediator: { name: 'Médiateur', address: { street: '1 rue' } } };
    expect(paths(refused(input))).toEqual([
      'channels.email',
      'channels.postal_mail',
      'channels.phone',
      'channels.in_person',
      'mediator.address.postalCode',
      'mediator.address.city',
      'mediator.address.country',
    ]);
  });

  it('refuses wrong types', () => {
    const input = {
      ...seedJson(),
      version: '  ',
      answerDays: '15',
      acknowledgementDays: 7.5,
      internalAppealDecisionDays: 0,
      warningHorizonDays: -1,
      urgencyTargets: { high: 'soon' },
      channels: { ...defaultPolicy.channels, phone: 'oral' },
      mediator: { name: 42, address: { ...defaultPolicy.mediator.address, country: 'France' } },
    };
    const error = refused(input);
    expect(paths(error)).toEqual([
      'version',
      'acknowledgementDays',
      'answerDays',
      'internalAppealDecisionDays',
      'urgencyTargets.high',
      'warningHorizonDays',
      'channels.phone',
      'mediator.name',
      'mediator.address.country',
    ]);
    expect(error.issues.find((i) => i.path === 'answerDays')?.message).toBe('answerDays: expected PositiveDays(1..366), got "15"');
  });

  it.each([[null], ['policy'], [42], [[]]])('refuses %j as a whole', (input) => {
    expect(paths(refused(input))).toEqual(['(root)']);
  });
});
