/**
 * The grammar of a name (INTERFACE.md: `[A-Za-z][A-Za-z0-9_]*`). No imports: the input
 * readers check names without loading the parser.
 */

/** The names a user may write: a letter, then letters, digits and underscores. */
export const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;
