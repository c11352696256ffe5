/** Test passwords holding every special character, and how to tell that output leaks one. */

/** Every printable ASCII character that is not a letter or a digit. */
export const SPECIAL_CHARACTERS = [...' !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'];

/** Two distinctive halves of each test password: neither may appear in any output. */
export const SECRET_HALVES = ['Zq7x', 'Wv9k'] as const;

/** The password around `c`, raw and percent-encoded. */
export const passwordsWith = (c: string): string[] => [`${SECRET_HALVES[0]}${c}${SECRET_HALVES[1]}`, `${SECRET_HALVES[0]}${encodeURIComponent(c)}${SECRET_HALVES[1]}`];

/** True when `text` holds any part of a test password. */
export const leaks = (text: string): boolean => SECRET_HALVES.some((h) => text.includes(h));
