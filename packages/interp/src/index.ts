export { FeedError, type FeedErrorKind } from "./feed-error.ts";
export { interpret, bindDims, bufferUpdates, type InterpretOptions } from "./interpret.ts";
export { initParams, initBuffers, initTensor, defaultInit, fans, fnv1a32 } from "./init.ts";
export { toNested, fromNested, type Nested } from "./nested.ts";
