export * from "./dim.ts";
export * from "./types.ts";
export * from "./graph.ts";
export { printGraph, printBackward, printNodeCode } from "./printer.ts";
export { parseGraph, isParseError, type GraphParseError, type ParseOptions } from "./parser.ts";
export { verifyGraph, type TypeRule } from "./verifier.ts";
export { reverseTopological, usersMap, reachingTo, reachableFrom, liveIds } from "./traversal.ts";
export { formatId, formatNumber, INIT_FIELDS } from "./text-format.ts";
export { specializeDims, substituteDim } from "./specialize.ts";
