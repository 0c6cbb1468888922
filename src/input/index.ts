/**
 * Reading input files: the one JSON reader (positions on every syntax error, a depth
 * limit, duplicate fields refused, a BOM accepted), the one error type (and the one
 * translation of a ParseError into it), strict field reading with the nearest known
 * name, comma lists split with positions, and the one reader of shaped declarations
 * (vectors and matrices, in files and on the command line). Sits below every room that reads a file;
 * it loads no parser, so the CLI's start-up stays cheap.
 */
export { InputError, describeInput, parsingField } from './error.js';
export { excerptAround } from '../expr/parse-error.js';
export { readJson, lineColumn, MAX_JSON_DEPTH } from './json.js';
export { splitTopLevel, leadingSpace, type Piece } from './pieces.js';
export { readFields, own, nearestName, unknownNameReason, jsonKind, COMMON_FIELDS } from './fields.js';
export {
  readDeclaration, readDeclarationList, checkDeclarationNames, placed, dimensionNames, readDimensionValues, squareReason,
  splitAssignment, readShapeOptions, MAX_DIMENSION, type PlacedDeclaration, type OptionAssignment, type ShapeOptions,
} from './declarations.js';
