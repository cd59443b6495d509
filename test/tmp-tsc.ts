import ts from "typescript";
const files = process.argv.slice(2);
const program = ts.createProgram(files, { strict: true, noUnusedLocals: true, noUnusedParameters: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, types: ["node"], skipLibCheck: true });
for (const d of ts.getPreEmitDiagnostics(program)) {
  const pos = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
  console.log(`${d.file?.fileName}:${pos ? pos.line + 1 : "?"}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
}
