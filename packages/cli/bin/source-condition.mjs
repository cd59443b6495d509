// Module resolution hook (registered by nnc.js with node:module's register()): adds the "@nnc/source"
// export condition to every resolution, so workspace packages resolve to their TypeScript src/, as
// `node --conditions=@nnc/source` would, without starting a second node process to pass that flag.
export async function resolve(specifier, context, nextResolve) {
  const conditions = context.conditions.includes("@nnc/source") ? context.conditions : [...context.conditions, "@nnc/source"];
  return nextResolve(specifier, { ...context, conditions });
}
