/**
 * Reading input files: the one JSON reader (positions on every syntax error, a depth
 * limit, duplicate fields refused, a BOM accepted), the one error type, and strict field
 * reading with the nearest known name. Sits below every room that reads a file.
 */
export { InputError, describeInput, parsingField } from './error.js';
export { excerptAround } from '../expr/parse-error.js';
export { readJson, lineColumn, MAX_JSON_DEPTH } from './json.js';
export { splitTopLevel, leadingSpace, type Piece } from './pieces.js';
export { readFields, own, nearestName, unknownNameReason, jsonKind, COMMON_FIELDS } from './fields.js';
