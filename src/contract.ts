/**
 * `@lukea/complaints/contract` — the published contract of the stored events: a JSON Schema
 * (draft 2020-12) for every event type and for the metadata envelope, generated from the
 * io-ts codecs, as values ({@link contractSchemas}) or as the files of `docs/contract/`
 * ({@link contractFiles}). {@link toJsonSchema} turns any of the library's codecs into a schema.
 * @packageDocumentation
 */
export { toJsonSchema, contractSchemas, contractFiles, contractReadme, eventSchemaFile, METADATA_SCHEMA_FILE, JSON_SCHEMA_DIALECT } from './contract/jsonSchema';
export type { JsonSchema, JsonSchemaType, JsonSchemaLiteral } from './contract/jsonSchema';
