// Loaded with `--import` before tsx: chevrotain (hundreds of ES modules) is imported here, outside the
// tsx loader hooks, which roughly halves its load time; the TypeScript sources then find it cached.
// tsx is registered afterwards, so every `.ts` file still goes through it.
await import("chevrotain");
await import("tsx");
