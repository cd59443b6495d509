/** The data-source table moved to @nnc/ops (packages/ops/src/train/data-sources.ts); re-exported for lower's users. */
export { callableDataSources, DATA_SOURCE_SIGS, dataFieldsOf, dataSourceSig, type DataArgKind, type DataArgs, type DataArgSig, type DataFieldSig, type DataSourceSig } from "@nnc/ops";
