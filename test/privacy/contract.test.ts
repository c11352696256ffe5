/**
 * The protected store is an EventStore like any other: the port's whole contract holds
 * through the decorator (over the in-memory store), so it can stand in anywhere.
 */
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import { InMemoryKeyStore, protectPersonalData } from '../../src/privacy/index';
import { describeEventStoreContract } from '../../src/testing/eventStoreContract';

describeEventStoreContract('protectPersonalData(InMemoryEventStore)', () => ({
  store: protectPersonalData(new InMemoryEventStore(), { keyStore: new InMemoryKeyStore() }),
}));
