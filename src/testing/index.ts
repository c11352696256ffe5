/**
 * `@lukea/complaints/testing` — tools for your own tests:
 *
 * - the **event store contract suite** every adapter of this package passes
 *   (`describeEventStoreContract`), to run against an adapter you write;
 * - a **decider specification** in given / when / then style (`DeciderSpecification`) for
 *   tests of policies and commands;
 * - a **fault-injecting store** (`FaultInjectingEventStore`) to test how your service behaves
 *   when the store fails before or after a write, slows down, times out or conflicts.
 * @packageDocumentation
 */
export {
  anEvent,
  comparePositions,
  consume,
  describeEventStoreContract,
  rejectionOf,
  someEvents,
  waitFor,
  withTimeout,
} from './eventStoreContract';
export type { Consumer, ContractStore, EventStoreContractOptions } from './eventStoreContract';
export { resolveTestApi } from './testApi';
export type { Assertion, ExpectFunction, Matchers, TestApi, TestBody } from './testApi';
export { DeciderSpecification, given, historyOf } from './deciderSpecification';
export type { DecisionOptions, HistoryStep, Then } from './deciderSpecification';
export { FaultInjectingEventStore, faults, FAULT_KINDS, FAULT_OPERATIONS } from './faultInjectingEventStore';
export type {
  Conflict,
  Delay,
  FailAfterWrite,
  FailBeforeWrite,
  Fault,
  FaultCounts,
  FaultInjectingEventStoreOptions,
  FaultKind,
  FaultOperation,
  InjectedFault,
  RandomFaults,
  Timeout,
} from './faultInjectingEventStore';
