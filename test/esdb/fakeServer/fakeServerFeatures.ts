/**
 * `ServerFeatures.GetSupportedMethods` as a node answers it (ServerFeatures.cs): its version
 * (major.minor.patch) and every gRPC method it serves, lower-cased, with features: reads
 * `position` and `events`, BatchAppend `deadline_duration`. The client appends through
 * BatchAppend when it is listed.
 */
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';

const STREAMS = 'event_store.client.streams.streams';

const SERVED: readonly (readonly [service: string, method: string, features: readonly string[]])[] = [
  [STREAMS, 'read', ['position', 'events']],
  [STREAMS, 'append', []],
  [STREAMS, 'batchappend', ['deadline_duration']],
  [STREAMS, 'delete', []],
  [STREAMS, 'tombstone', []],
  ['event_store.client.server_features.serverfeatures', 'getsupportedmethods', []],
];

/** The answer of a node of `version` serving what the fake serves. */
export const supportedMethods = (version: string): SupportedMethods =>
  new SupportedMethods()
    .setEventStoreServerVersion(version.split('.').slice(0, 3).join('.'))
    .setMethodsList(SERVED.map(([service, method, features]) => new SupportedMethod().setServiceName(service).setMethodName(method).setFeaturesList([...features])));
