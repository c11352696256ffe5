/** A `--key-store` module for the retention CLI tests: one in-memory key store shared with the test. */
import { InMemoryKeyStore } from '../../src/privacy/inMemoryKeyStore';

/** The key store the test writes through and the command line erases from. */
export const sharedKeyStore = new InMemoryKeyStore();

/** `--key-store` calls the default export (a function may build the store from the environment). */
export default (): InMemoryKeyStore => sharedKeyStore;
