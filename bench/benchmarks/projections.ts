/**
 * Benchmark 3: projection catch-up over a large log in the in-memory store — the SLA and
 * recurring-issues projections run by a ProjectionRunner (page reads of `$all`, filter,
 * decode + upcast, fold, checkpoints) against the bare folds over already-decoded events.
 */
import { decodeStored, type StoredComplaintEvent } from '../../src/stream/decodeStream';
import { UpcasterRegistry } from '../../src/stream/upcasting';
import { InMemoryCheckpointStore } from '../../src/projections/checkpointStore';
import type { Projection } from '../../src/projections/projection';
import { type RecurringIssuesModel, applyRecurringIssues, recurringIssuesProjection } from '../../src/projections/recurringIssues';
import { ProjectionRunner } from '../../src/projections/runner';
import { type SlaModel, applySla, slaProjection } from '../../src/projections/slaBreaches';
import { bulkStore } from '../bulk';
import { bytes, compare, heapUsed } from '../lib/harness';
import type { BenchContext, Row } from '../lib/report';

interface Both {
  sla: SlaModel;
  issues: RecurringIssuesModel;
}

/** SLA and recurring issues folded by one runner (one read and one decode per event). */
const both = (): Projection<Both> => {
  const sla = slaProjection();
  const issues = recurringIssuesProjection();
  return {
    name: 'sla+recurring',
    version: 1,
    initial: () => ({ sla: sla.initial(), issues: issues.initial() }),
    apply: (m, e) => {
      m.sla = sla.apply(m.sla, e);
      m.issues = issues.apply(m.issues, e);
      return m;
    },
    clone: (m) => ({ sla: sla.clone(m.sla), issues: issues.clone(m.issues) }),
  };
};

export const projectionCatchUp = async (ctx: BenchContext): Promise<Row[]> => {
  const size = ctx.quick ? 50_000 : 1_000_000;
  const t0 = Date.now();
  const before = heapUsed();
  const { store, events, complaints } = await bulkStore(size);
  const storeBytes = heapUsed() - before;
  const setupS = (Date.now() - t0) / 1000;
  // The bound: the same folds over events decoded beforehand (no reads, no decode, no runner).
  const recorded = await store.readAll({ maxCount: size + 10 });
  const upcasters = new UpcasterRegistry();
  const decoded: StoredComplaintEvent[] = recorded.map((r) => {
    const d = decodeStored(r, upcasters);
    if (d._tag === 'Left') throw new Error('bulk event does not decode');
    return d.right;
  });
  recorded.length = 0;
  const runnerOptions = { pageSize: 4096, batchSize: 100_000 };
  const options = { samples: ctx.quick ? 2 : 3, warmup: ctx.quick ? 1 : 0 };
  const rows: Row[] = [];
  const cases: ReadonlyArray<{ label: string; projection: () => Projection<unknown>; bare: () => number; target?: boolean }> = [
    {
      label: 'SLA + recurring issues (one runner)',
      projection: both as () => Projection<unknown>,
      bare: () => {
        let sla = slaProjection().initial();
        let issues = recurringIssuesProjection().initial();
        for (const e of decoded) {
          sla = applySla(sla, e);
          issues = applyRecurringIssues(issues, e);
        }
        return decoded.length + (sla.records.size + issues.records.size) * 0;
      },
      target: true,
    },
    {
      label: 'SLA only',
      projection: slaProjection as () => Projection<unknown>,
      bare: () => {
        let sla = slaProjection().initial();
        for (const e of decoded) sla = applySla(sla, e);
        return decoded.length;
      },
    },
    {
      label: 'recurring issues only',
      projection: recurringIssuesProjection as () => Projection<unknown>,
      bare: () => {
        let m = recurringIssuesProjection().initial();
        for (const e of decoded) m = applyRecurringIssues(m, e);
        return decoded.length;
      },
    },
  ];
  for (const c of cases) {
    const result = await compare(
      {
        name: 'runner',
        run: async () => {
          const runner = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: c.projection(), ...runnerOptions });
          const p = await runner.catchUp();
          if (p.problems > 0) throw new Error(`${p.problems} problems`);
          return p.eventsProcessed;
        },
      },
      { name: 'bare folds', run: c.bare },
      options,
    );
    rows.push({
      bench: '3. projection catch-up',
      case: `${c.label}: ${events.toLocaleString('en')} events, ${complaints.toLocaleString('en')} complaints`,
      subject: `ProjectionRunner (pageSize ${runnerOptions.pageSize}, batchSize ${runnerOptions.batchSize})`,
      unit: 'events/s',
      result,
      reference: 'bare folds over decoded events (runner overhead = 1 / ratio)',
      ...(c.target === true ? { target: { minRate: 1_000_000, label: '≥ 1 M events/s' } } : {}),
      ...(c.target === true ? { memory: `store ${bytes(storeBytes)} for the log (filled in ${setupS.toFixed(0)} s)` } : {}),
    });
  }
  return rows;
};
