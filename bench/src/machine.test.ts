import { describe, expect, it } from "vitest";
import { cpuDetails, cpuLine } from "./machine.ts";

const ZEN5 = ["processor\t: 0", "vendor_id\t: AuthenticAMD", "cpu family\t: 26", "model\t\t: 2", "model name\t: AMD EPYC", "flags\t\t: fpu sse2 avx fma avx2 avx512f avx512bw", ""].join("\n");
const ZEN5_CPU1 = ZEN5.replace("processor\t: 0", "processor\t: 1").replace("model\t\t: 2", "model\t\t: 9");

describe("the bench's processor line", () => {
  it("names the family, the model and the widest vector extension of the first processor", () => {
    expect(cpuDetails(`${ZEN5}\n${ZEN5_CPU1}`)).toBe("family 26, model 2, AVX-512");
    expect(cpuDetails(ZEN5.replace(" avx512f avx512bw", ""))).toBe("family 26, model 2, AVX2");
    expect(cpuDetails(ZEN5.replace(/flags.*\n/, ""))).toBe("family 26, model 2, no AVX");
  });

  it("gives nothing where /proc/cpuinfo has no family (an Arm machine's lists CPU architecture instead)", () => {
    expect(cpuDetails("processor\t: 0\nBogoMIPS\t: 50.00\nFeatures\t: fp asimd\nCPU architecture: 8\n")).toBeNull();
    expect(cpuDetails("")).toBeNull();
  });

  it("ends with this machine's logical core count", () => {
    expect(cpuLine()).toMatch(/ logical cores\)$/);
  });
});
