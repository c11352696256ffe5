/**
 * The stores' check of an event id: exactly the `uuid` package's `validate` (RFC 9562 layout,
 * versions 1–8, variant 10, either case, or the nil and max uuids), by character codes
 * instead of its regular expression — it runs for every appended event.
 */

// Hex digit value of each character code below 128, or 16 for anything else.
const HEX_VALUE = new Uint8Array(128).fill(16);
for (let c = 0; c < 10; c++) HEX_VALUE[48 + c] = c;
for (let c = 0; c < 6; c++) {
  HEX_VALUE[65 + c] = 10 + c;
  HEX_VALUE[97 + c] = 10 + c;
}

const hexAt = (s: string, i: number): number => {
  const c = s.charCodeAt(i);
  return c < 128 ? (HEX_VALUE[c] as number) : 16;
};

/** True when `id` is a uuid as the `uuid` package's `validate` accepts it. */
export const isUuid = (id: unknown): boolean => {
  if (typeof id !== 'string' || id.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (id.charCodeAt(i) !== 45) return false;
    } else if (hexAt(id, i) === 16) return false;
  }
  const version = hexAt(id, 14);
  const variant = hexAt(id, 19);
  if (version >= 1 && version <= 8 && variant >= 8 && variant <= 11) return true;
  // The nil and max uuids, in either case.
  const lower = id.toLowerCase();
  return lower === '00000000-0000-0000-0000-000000000000' || lower === 'ffffffff-ffff-ffff-ffff-ffffffffffff';
};
