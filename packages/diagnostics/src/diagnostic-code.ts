// GENERATED from the tables in codes/*.ts by diagnostic-code.test.ts. After adding a code to a table, run
// `NNC_UPDATE_GOLDEN=1 npx vitest run --root . --config ../../vitest.config.ts diagnostic-code` in
// packages/diagnostics (or `npm run golden:update`); until then the new code does not typecheck.

/** Every diagnostic code that has a title and an explanation (`nnc explain`), sorted. */
export const DIAGNOSTIC_CODES = [
  "E0001", "E0002", "E0003", "E0004", "E0010", "E0011", "E0012", "E0013", "E0014", "E0015",
  "E0016", "E0017", "E0018", "E0019", "E0020", "E0021", "E0022", "E0023", "E0024", "E0025",
  "E0026", "E0027", "E0028", "E0029", "E0030", "E0031", "E0032", "E0033", "E0034", "E0035",
  "E0036", "E0037", "E0101", "E0102", "E0103", "E0104", "E0105", "E0106", "E0107", "E0108",
  "E0109", "E0110", "E0111", "E0112", "E0113", "E0114", "E0115", "E0116", "E0117", "E0120",
  "E0121", "E0122", "E0123", "E0124", "E0125", "E0126", "E0127", "E0128", "E0129", "E0201",
  "E0202", "E0203", "E0204", "E0205", "E0206", "E0301", "E0302", "E0303", "E0304", "E0305",
  "E0306", "E0307", "E0308", "E0309", "E0310", "E0311", "E0312", "E0313", "E0314", "E0315",
  "E0316", "E0317", "E0318", "E0319", "E0320", "E0321", "E0322", "E0323", "E0324", "E0325",
  "E0326", "E0327", "E0330", "E0331", "E0332", "E0333", "E0334", "E0335", "E0336", "E0337",
  "E0338", "E0339", "E0340", "E0341", "E0342", "E0343", "E0344", "E0345", "E0346", "E0347",
  "E0348", "E0401", "E0402", "E0403", "E0404", "E0405", "E0406", "E0407", "E0408", "E0409",
  "E0410", "E0411", "E0412", "E0420", "E0421", "E0422", "E0423", "E0424", "E0425", "E0501",
  "E0502", "E0601", "E0602", "E0603", "E0604", "E0605", "E0606", "E0607", "E0610", "E0611",
  "E0612", "E0620", "E0621", "E0622", "E0623", "E0624", "E0625", "E0626", "E0627", "E0628",
  "E0629", "E0630", "E0631", "E0632", "E0633", "E0634", "E0635", "E0636", "E0637", "E0638",
  "E0639", "E0640", "E0641", "E0642", "E0645", "E0646", "E0647", "E0648", "E0649", "E0650",
  "E0651", "E0652", "E0653", "E0654", "E0655", "E0656", "E0657", "E0658", "E0659", "E0660",
  "E0661", "E0662", "E0663", "E0664", "E0665", "E0666", "E0667", "E0668", "E0669", "E0670",
  "E0671", "E0700", "E0701", "E0702", "E0703", "E0900",
] as const;

/** A code that exists: a call of `diagnostic` or a comparison with `d.code` using any other string fails to typecheck. */
export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];
